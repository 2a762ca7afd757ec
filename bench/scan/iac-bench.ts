// IaC rules over a generated tree: scanIacFiles (parse, locate, every rule) against the
// floor of parsing alone (hcl2json for each .tf, yaml's parseAllDocuments for each .yaml),
// same files, same process, alternating rounds after a warm-up of each.
import { parse as parseHcl } from '@cdktf/hcl2json';
import { parseAllDocuments } from 'yaml';
import { scanIacFiles, type IacFile } from '@tollgate/scanning';
import { median, seededRandom, timedMs } from './bench-random';
import { generateIacTree } from './iac-tree';

export interface IacFigures {
  files: number;
  findings: number;
  oursFilesPerSecond: number;
  parseFilesPerSecond: number;
}

async function parseOnly(files: readonly IacFile[]): Promise<void> {
  for (const file of files) {
    if (file.path.endsWith('.tf')) await parseHcl(file.path, file.content);
    else for (const doc of parseAllDocuments(file.content) as unknown as { errors: unknown[] }[]) if (doc.errors.length > 0) throw new Error(`${file.path}: YAML errors`);
  }
}

export async function benchIac(opts: { files: number; rounds: number }): Promise<IacFigures> {
  const files = generateIacTree(opts.files, seededRandom(7));
  const findings = (await scanIacFiles(files)).length;
  await parseOnly(files);
  const ours: number[] = [];
  const floor: number[] = [];
  for (let round = 0; round < opts.rounds; round++) {
    if (round % 2) {
      ours.push(await timedMs(() => scanIacFiles(files)));
      floor.push(await timedMs(() => parseOnly(files)));
    } else {
      floor.push(await timedMs(() => parseOnly(files)));
      ours.push(await timedMs(() => scanIacFiles(files)));
    }
  }
  return { files: files.length, findings, oursFilesPerSecond: (files.length * 1000) / median(ours), parseFilesPerSecond: (files.length * 1000) / median(floor) };
}
