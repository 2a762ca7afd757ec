import { posix } from 'node:path';
import { type Finding } from '../findings/finding';
import { scanDockerfile } from './dockerfile/scan-dockerfile';
import { IacParseError, parseErrorFinding } from './iac-parse-error';
import { iacFileType } from './iac-path';
import { scanKubernetesFile } from './kubernetes/scan-kubernetes';
import { parseHclFile } from './terraform/hcl-source';
import { parsePlanFile } from './terraform/plan-source';
import { mergeModules, scanTerraformModule } from './terraform/scan-terraform';
import { type TfModule } from './terraform/tf-model';

export interface IacFile {
  /** Relative to the scanned tree's root, with forward slashes; used as the finding's path. */
  readonly path: string;
  readonly content: string;
}

/**
 * Runs the built-in IaC rules over the files that are IaC (see `isIacPath`) and ignores the
 * rest. `.tf` files of one directory are one module, so a bucket and its public access block
 * may sit in different files. A file that cannot be parsed yields a TG-PARSE-001 finding with
 * its position; the other files are still scanned. Findings are sorted by path, line, rule.
 */
export async function scanIacFiles(files: ReadonlyArray<IacFile>): Promise<Finding[]> {
  const findings: Finding[] = [];
  const modules = new Map<string, IacFile[]>();
  for (const file of files) {
    const type = iacFileType(file.path, file.content);
    switch (type) {
      case 'terraform': {
        const dir = posix.dirname(file.path);
        modules.set(dir, [...(modules.get(dir) ?? []), file]);
        break;
      }
      case 'terraform-plan':
        findings.push(...orParseError(() => scanTerraformModule(parsePlanFile(file.path, file.content))));
        break;
      case 'kubernetes':
        findings.push(...orParseError(() => scanKubernetesFile(file.path, file.content)));
        break;
      case 'dockerfile':
        findings.push(...orParseError(() => scanDockerfile(file.path, file.content)));
        break;
      case undefined:
        break;
    }
  }
  for (const group of modules.values()) {
    const parsed: TfModule[] = [];
    for (const file of group) {
      try {
        parsed.push(await parseHclFile(file.path, file.content));
      } catch (error) {
        if (!(error instanceof IacParseError)) throw error;
        findings.push(parseErrorFinding(error));
      }
    }
    findings.push(...scanTerraformModule(mergeModules(parsed)));
  }
  return sortAndDedupe(findings);
}

function orParseError(scan: () => Finding[]): Finding[] {
  try {
    return scan();
  } catch (error) {
    if (error instanceof IacParseError) return [parseErrorFinding(error)];
    throw error;
  }
}

/** Same rule, file and resource is one finding (its fingerprint is the key waivers use); first one wins. */
function sortAndDedupe(findings: Finding[]): Finding[] {
  const unique = new Map<string, Finding>();
  for (const f of findings) if (!unique.has(f.fingerprint)) unique.set(f.fingerprint, f);
  return [...unique.values()].sort(
    (a, b) =>
      compare(a.location?.path ?? '', b.location?.path ?? '') ||
      (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) ||
      (a.location?.startColumn ?? 0) - (b.location?.startColumn ?? 0) ||
      compare(a.ruleId, b.ruleId),
  );
}

/** Code-unit order, the same on every machine (unlike localeCompare). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
