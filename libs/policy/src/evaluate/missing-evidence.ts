import type { GateEvidence, ScanKind } from '../evidence/gate-evidence.schema';
import type { PolicyPack, ScanRequirement } from '../pack/policy-pack';

/** One piece of required evidence that has not arrived. */
export interface MissingEvidence {
  readonly kind: 'credentials' | 'sbom' | 'signature' | 'scan';
  /** For a scan: which one the pack requires. */
  readonly scanner?: string;
  readonly scanKind?: ScanKind;
  /** How a person names it, e.g. `scan (kind vulnerability)`. */
  readonly label: string;
  /** What to check. */
  readonly fix: string;
}

/**
 * What the pack requires that the evidence so far lacks, in the pack's order. A scan counts
 * as arrived when it completed or failed: a failed scan is decided by the rules (fail
 * closed) rather than waited for until the deadline.
 */
export function missingEvidence(pack: PolicyPack, evidence: GateEvidence): MissingEvidence[] {
  const required = pack.requiredEvidence;
  const missing: MissingEvidence[] = [];
  if (required.credentials && !evidence.credentials) {
    missing.push({
      kind: 'credentials',
      label: 'credentials outcome',
      fix: 'the credential broker reported neither credentials.issued nor credentials.denied for this run: check the broker and the run token',
    });
  }
  if (required.sbom && !evidence.sbom) {
    missing.push({ kind: 'sbom', label: 'SBOM', fix: 'no sbom.generated arrived for this artifact: check the SBOM builder for this run' });
  }
  if (required.signature && !evidence.signature) {
    missing.push({ kind: 'signature', label: 'signature verification', fix: 'neither artifact.signed nor signing.failed arrived: check the signer for this run' });
  }
  for (const scan of required.scans) {
    if (evidence.scans.some((s) => matchesScan(scan, s))) continue;
    const label = scanLabel(scan);
    missing.push({
      kind: 'scan',
      ...(scan.scanner !== undefined && { scanner: scan.scanner }),
      ...(scan.kind !== undefined && { scanKind: scan.kind }),
      label,
      fix: `the ${label} did not report (no scan.completed or scan.failed): check the scanner runner and re-run the build`,
    });
  }
  return missing;
}

function matchesScan(required: ScanRequirement, scan: { scanner: string; kind: ScanKind }): boolean {
  return (required.scanner === undefined || required.scanner === scan.scanner) && (required.kind === undefined || required.kind === scan.kind);
}

function scanLabel(scan: ScanRequirement): string {
  const parts = [scan.kind !== undefined ? `kind ${scan.kind}` : undefined, scan.scanner !== undefined ? `scanner ${scan.scanner}` : undefined].filter(Boolean);
  return `scan (${parts.join(', ')})`;
}
