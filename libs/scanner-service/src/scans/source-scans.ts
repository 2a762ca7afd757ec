import {
  ExternalScannerError,
  IAC_SCANNER,
  readTree,
  runExternalScanner,
  sarifOf,
  scanIacFiles,
  scanSecrets,
  SECRETS_SCANNER,
  SecretScanError,
  type ExternalScannerConfig,
  type Finding,
  type FindingKind,
} from '@tollgate/scanning';
import type { ScanFailureCode, ScanOutcome } from './scan-store';

export interface SourceScanOptions {
  externalScanners: readonly ExternalScannerConfig[];
  /** Each external scanner's limit unless its config sets one. */
  externalTimeoutMs: number;
}

const EXTERNAL_FAILURES: Record<ExternalScannerError['code'], ScanFailureCode> = {
  TIMEOUT: 'TIMEOUT',
  ABORTED: 'TIMEOUT',
  EXIT_NONZERO: 'CRASHED',
  SPAWN_FAILED: 'CRASHED',
  INVALID_CONFIG: 'CRASHED',
  NO_SARIF: 'INVALID_OUTPUT',
  INVALID_SARIF: 'INVALID_OUTPUT',
};

const completed = (scanner: string, kind: FindingKind, findings: Finding[]): ScanOutcome => ({
  scanner,
  kind,
  status: 'completed',
  findings,
  sarif: JSON.stringify(sarifOf(findings, { toolName: 'tollgate', scanners: [scanner] })),
});

/**
 * Every scanner over one checked-out tree: the built-in IaC and secret scanners,
 * then each configured external one. On a pull request only the changed paths
 * count. A scanner that fails is a failed outcome, never an empty success.
 */
export async function runSourceScans(tree: { dir: string; changedPaths?: string[] }, options: SourceScanOptions): Promise<ScanOutcome[]> {
  const { files } = await readTree(tree.dir, { ...(tree.changedPaths && { paths: tree.changedPaths }) });
  const outcomes: ScanOutcome[] = [completed(IAC_SCANNER, 'iac', await scanIacFiles(files))];
  try {
    outcomes.push(completed(SECRETS_SCANNER, 'secret', await scanSecrets(files)));
  } catch (error) {
    if (!(error instanceof SecretScanError)) throw error;
    outcomes.push({ scanner: SECRETS_SCANNER, kind: 'secret', status: 'failed', failure: { code: error.code === 'TIMEOUT' ? 'TIMEOUT' : 'CRASHED', reason: error.message } });
  }
  const changed = tree.changedPaths && new Set(tree.changedPaths);
  for (const config of options.externalScanners) {
    const kind = config.kind === undefined || config.kind === 'other' ? 'code' : config.kind;
    try {
      const result = await runExternalScanner(config, { cwd: tree.dir, timeoutMs: options.externalTimeoutMs });
      const findings = changed ? result.findings.filter((f) => !f.location || changed.has(f.location.path)) : result.findings;
      outcomes.push(completed(result.scanner, kind, findings));
    } catch (error) {
      if (!(error instanceof ExternalScannerError)) throw error;
      outcomes.push({ scanner: config.name, kind, status: 'failed', failure: { code: EXTERNAL_FAILURES[error.code], reason: error.message } });
    }
  }
  return outcomes;
}
