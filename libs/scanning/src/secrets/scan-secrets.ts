import { type Finding, type Severity } from '../findings/finding';
import { maskSecret, secretFingerprint } from './secret-evidence';
import { PATTERN_RULES, PATTERN_RULE_ID, PRESET_LABELS, PRESET_PRIVATE_KEY_RULE, SECRET_FIX, presetRuleSeverity } from './secret-rules';
import { type SecretlintReport, lintWithSecretlint } from './secretlint-worker';

export const SECRETS_SCANNER = 'tollgate-secrets';
export const DEFAULT_SECRET_SCAN_TIMEOUT_MS = 120_000;

export interface ScanSecretsOptions {
  /** The whole scan is abandoned (SecretScanError TIMEOUT) past this. */
  readonly timeoutMs?: number;
}

interface Detection {
  readonly ruleId: string;
  readonly label: string;
  readonly severity: Severity;
  readonly secret: string;
  readonly index: number;
  readonly helpUri?: string;
  /** Set for the generic private-key pattern, which only fills gaps left by the preset's rule. */
  readonly fallbackForPresetPrivateKey?: boolean;
}

// The data fields in which secretlint's rules put the matched secret.
const SECRET_DATA_KEYS = ['KEY', 'TOKEN', 'ID', 'URL', 'URI', 'CREDENTIAL'];

/**
 * Credentials in the files, as findings that carry a masked form and a fingerprint of
 * each secret and never the secret itself (secretlint's own messages quote it, so
 * none of them is passed on).
 */
export async function scanSecrets(files: readonly { path: string; content: string }[], options: ScanSecretsOptions = {}): Promise<Finding[]> {
  if (files.length === 0) return [];
  const linted = await lintWithSecretlint(files, options.timeoutMs ?? DEFAULT_SECRET_SCAN_TIMEOUT_MS);
  const contentOf = new Map(files.map((f) => [f.path, f.content]));
  const findings: Finding[] = [];
  for (const { path, reports } of linted) {
    const content = contentOf.get(path) ?? '';
    const detections = dedupe(reports.flatMap((report) => detect(report, content)));
    const lineStarts = lineStartsOf(content);
    findings.push(...detections.map((d) => toFinding(path, d, lineStarts)));
  }
  return findings.sort((a, b) => compare(a.location?.path, b.location?.path) || (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) || (a.location?.startColumn ?? 0) - (b.location?.startColumn ?? 0));
}

function detect(report: SecretlintReport, content: string): Detection[] {
  if (report.ruleId === PATTERN_RULE_ID) {
    const rule = PATTERN_RULES.find((r) => r.name === report.data['PATTERN_NAME']);
    const secret = report.data['CREDENTIAL'];
    if (!rule || secret === undefined || (rule.accept && !rule.accept(secret))) return [];
    return [{ ruleId: `secretlint/${PATTERN_RULE_ID}/${rule.name}`, label: rule.label, severity: rule.severity, secret, index: report.range[0], fallbackForPresetPrivateKey: rule.name === 'private-key-block' }];
  }
  const fromData = SECRET_DATA_KEYS.map((key) => report.data[key]).find((value): value is string => value !== undefined && value.length > 0);
  // Some rules report a range that starts at the variable name (AWS) or covers the whole file (GCP).
  const at = fromData === undefined ? -1 : content.indexOf(fromData, report.range[0]);
  const secret = at >= 0 && fromData !== undefined ? fromData : content.slice(report.range[0], report.range[1]);
  const typeName = report.data['typeName'];
  const label = PRESET_LABELS[report.messageId] ?? `Secret (${report.messageId})`;
  return [
    {
      ruleId: `secretlint/${report.ruleId}`,
      label: typeName ? `${label} (${typeName})` : label,
      severity: presetRuleSeverity(report.ruleId),
      secret,
      index: at >= 0 ? at : report.range[0],
      helpUri: report.docsUrl,
    },
  ];
}

function dedupe(detections: Detection[]): Detection[] {
  const presetKeys = detections.filter((d) => d.ruleId === `secretlint/${PRESET_PRIVATE_KEY_RULE}`);
  const overlapsPresetKey = (d: Detection) => presetKeys.some((k) => d.index < k.index + k.secret.length && k.index < d.index + d.secret.length);
  const seen = new Set<string>();
  return detections.filter((d) => {
    if (d.fallbackForPresetPrivateKey && overlapsPresetKey(d)) return false;
    const key = `${d.ruleId}\0${d.index}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toFinding(path: string, d: Detection, lineStarts: readonly number[]): Finding {
  const start = positionAt(lineStarts, d.index);
  const end = positionAt(lineStarts, d.index + d.secret.length);
  const masked = maskSecret(d.secret);
  const fingerprint = secretFingerprint(d.ruleId, d.secret);
  return {
    ruleId: d.ruleId,
    scanner: SECRETS_SCANNER,
    kind: 'secret',
    severity: d.severity,
    message: `${d.label} found in plain text (${masked})`,
    location: { path, startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
    fix: SECRET_FIX,
    ...(d.helpUri ? { helpUri: d.helpUri } : {}),
    fingerprint,
    properties: { masked, fingerprint, secretType: d.label },
  };
}

function lineStartsOf(content: string): number[] {
  const starts = [0];
  for (let i = content.indexOf('\n'); i >= 0; i = content.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column (UTF-16 code units, SARIF's default) of a character offset. */
function positionAt(lineStarts: readonly number[], index: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: index - lineStarts[lo]! + 1 };
}

const compare = (a = '', b = ''): number => (a < b ? -1 : a > b ? 1 : 0);
