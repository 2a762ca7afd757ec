import { writeFile } from 'node:fs/promises';
import type { CliIo } from '@tollgate/event-client';
import { type Finding } from '../findings/finding';
import { IAC_SCANNER } from '../iac/iac-finding';
import { scanIacFiles } from '../iac/scan-iac-files';
import { SECRETS_SCANNER, scanSecrets } from '../secrets/scan-secrets';
import { SecretScanError } from '../secrets/secret-scan.error';
import { readTree } from '../tree/read-tree';
import { TreeError } from '../tree/tree.error';
import { ScanUsageError, parseScanArgs } from './scan-cli-args';
import { blockingCount, renderScan, skippedLines, summaryLine, type ScanResult } from './scan-report';
import { SCAN_USAGE } from './scan-usage';

/** Path, line, column, rule: the same order on every machine, whichever scanner found it. */
function byLocation(a: Finding, b: Finding): number {
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (
    text(a.location?.path ?? '', b.location?.path ?? '') ||
    (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) ||
    (a.location?.startColumn ?? 0) - (b.location?.startColumn ?? 0) ||
    text(a.ruleId, b.ruleId) ||
    text(a.fingerprint, b.fingerprint)
  );
}

async function scan(root: string, paths: readonly string[] | undefined): Promise<ScanResult> {
  const tree = await readTree(root, paths === undefined ? {} : { paths });
  // secretlint runs in a worker thread: the IaC rules run on this one meanwhile.
  const [iac, secrets] = await Promise.all([scanIacFiles(tree.files), scanSecrets(tree.files)]);
  return { findings: [...iac, ...secrets].sort(byLocation), skipped: tree.skipped, filesScanned: tree.files.length, scanners: [IAC_SCANNER, SECRETS_SCANNER] };
}

/**
 * `tollgate scan <path>`: the built-in IaC and secret scanners over a directory, offline.
 * Exit 1 when a finding is at or above --fail-on; 2 when no verdict could be reached.
 */
export async function scanCommand(args: string[], io: CliIo): Promise<number> {
  let options;
  let result: ScanResult;
  try {
    options = parseScanArgs(args);
    if (options.help) {
      io.stdout.write(SCAN_USAGE);
      return 0;
    }
    result = await scan(options.root, options.paths);
  } catch (error) {
    if (error instanceof ScanUsageError) {
      io.stderr.write(`tollgate: ${error.message}\n\n${error.usage}`);
      return 2;
    }
    if (error instanceof TreeError) {
      io.stderr.write(`tollgate: cannot scan: ${error.message} (${error.code})\n`);
      return 2;
    }
    if (error instanceof SecretScanError) {
      io.stderr.write(`tollgate: the secret scan did not complete (${error.code}): ${error.message}; no verdict\n`);
      return 2;
    }
    throw error;
  }
  io.stderr.write(skippedLines(result.skipped));
  const report = renderScan(result, options.format, options.failOn);
  if (options.out !== undefined) {
    try {
      await writeFile(options.out, report);
    } catch (error) {
      io.stderr.write(`tollgate: cannot write ${options.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      return 2;
    }
    io.stderr.write(`tollgate: ${summaryLine(result, options.failOn)} -> ${options.out}\n`);
  } else {
    io.stdout.write(report);
    // Machine formats keep stdout pure; the verdict line still reaches a CI log.
    if (options.format !== 'table') io.stderr.write(`tollgate: ${summaryLine(result, options.failOn)}\n`);
  }
  return blockingCount(result.findings, options.failOn) > 0 ? 1 : 0;
}
