import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { toValidationIssues } from '@tollgate/events';
import { type Finding, type FindingKind, type Severity } from '../findings/finding';
import { sarifLogSchema, type SarifResult, type SarifRule, type SarifRun, type SarifToolComponent } from './sarif-log.schema';
import { SarifError } from './sarif.error';
import { locationOf } from './sarif-location';
import { SECURITY_SEVERITY, readSecurityScore, severityOfLevel, severityOfScore } from './security-severity';
import { TOLLGATE_FINGERPRINT, TOLLGATE_FIX, TOLLGATE_KIND } from './tollgate-properties';

export interface FindingsFromSarifOptions {
  /** Overrides `tool.driver.name` as the finding's scanner (e.g. the configured scanner's name). */
  readonly scanner?: string;
  /** Overrides the kind inferred from rule tags. */
  readonly kind?: FindingKind;
  /** Absolute `file:` URIs under this directory become paths relative to it. */
  readonly srcRoot?: string;
}

const FINDING_KINDS: readonly FindingKind[] = ['iac', 'secret', 'vulnerability', 'code', 'other'];
const SKIPPED_KINDS = new Set(['pass', 'notApplicable']);

/** Every result of every run as a finding; throws SarifError naming each bad path. */
export function findingsFromSarif(sarif: unknown, options: FindingsFromSarifOptions = {}): Finding[] {
  const parsed = sarifLogSchema.safeParse(sarif, { reportInput: true });
  if (!parsed.success) throw new SarifError(toValidationIssues(parsed.error.issues).map((i) => i.message));
  // A set: a bad rule is reported once, not once per result that uses it.
  const problems = new Set<string>();
  const findings: Finding[] = [];
  parsed.data.runs.forEach((run, r) => {
    (run.results ?? []).forEach((result, i) => {
      const finding = toFinding(run, result, { run: `runs[${r}]`, result: `runs[${r}].results[${i}]` }, options, problems);
      if (finding) findings.push(finding);
    });
  });
  if (problems.size > 0) throw new SarifError([...problems]);
  return findings;
}

interface Paths {
  readonly run: string;
  readonly result: string;
}

interface RuleLookup {
  readonly rule?: SarifRule;
  /** Where the rule is in the log, for error messages. */
  readonly rulePath?: string;
  readonly component: SarifToolComponent;
}

function toFinding(run: SarifRun, result: SarifResult, paths: Paths, options: FindingsFromSarifOptions, problems: Set<string>): Finding | undefined {
  const at = paths.result;
  // Passing checks and results that are gone from the baseline are not findings.
  if ((result.kind && SKIPPED_KINDS.has(result.kind)) || result.baselineState === 'absent') return undefined;
  const { rule, rulePath, component } = ruleOf(run, result, paths, problems);
  const ruleId = result.ruleId ?? result.rule?.id ?? rule?.id;
  if (ruleId === undefined) return void problems.add(`${at}: expected ruleId, rule.id or ruleIndex naming a rule, got none`);
  const severity = severityOf(result, rule, at, rulePath, problems);
  const scanner = options.scanner ?? run.tool.driver.name;
  const kind = options.kind ?? kindOf(result, rule, ruleId);
  const text = messageOf(result, rule, component);
  if (text === undefined) return void problems.add(`${at}.message: expected text, or an id found in the rule's messageStrings, got neither`);
  // Another secret scanner's message or properties may quote the secret: keep only the rule's
  // description. Tollgate's own export carries masked values only and is read back whole.
  const untrustedSecret = kind === 'secret' && result.properties?.[TOLLGATE_KIND] === undefined;
  const message = untrustedSecret ? `Secret reported by ${scanner}: ${rule?.shortDescription?.text ?? rule?.name ?? ruleId}` : text;
  const location = locationOf(result, run, options.srcRoot);
  const fix = fixOf(result, rule);
  const properties = untrustedSecret ? {} : primitiveProperties(result.properties);
  if (result.suppressions?.some((s) => s.status === undefined || s.status === 'accepted')) properties['suppressedByTool'] = true;
  if (severity === undefined) return undefined;
  return {
    ruleId,
    scanner,
    kind,
    severity,
    message,
    ...(location ? { location } : {}),
    ...(fix ? { fix } : {}),
    ...(rule?.helpUri ? { helpUri: rule.helpUri } : {}),
    fingerprint: fingerprintOf(result, scanner, ruleId, location?.path, location?.startLine, message),
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
  };
}

function ruleOf(run: SarifRun, result: SarifResult, paths: Paths, problems: Set<string>): RuleLookup {
  const componentIndex = result.rule?.toolComponent?.index;
  const inDriver = componentIndex === undefined || componentIndex < 0;
  const component = inDriver ? run.tool.driver : run.tool.extensions?.[componentIndex];
  if (!component) {
    problems.add(`${paths.result}.rule.toolComponent.index: expected an index into tool.extensions, got ${componentIndex}`);
    return { component: run.tool.driver };
  }
  const componentPath = inDriver ? `${paths.run}.tool.driver` : `${paths.run}.tool.extensions[${componentIndex}]`;
  const index = result.ruleIndex ?? result.rule?.index;
  if (index !== undefined && index >= 0) {
    const rule = component.rules?.[index];
    if (!rule) problems.add(`${paths.result}.${result.ruleIndex !== undefined ? 'ruleIndex' : 'rule.index'}: expected an index into ${componentPath}.rules (${component.rules?.length ?? 0} rules), got ${index}`);
    return { rule, rulePath: `${componentPath}.rules[${index}]`, component };
  }
  const id = result.ruleId ?? result.rule?.id;
  const candidates: [SarifToolComponent, string][] = [
    [run.tool.driver, `${paths.run}.tool.driver`],
    ...(run.tool.extensions ?? []).map((c, k): [SarifToolComponent, string] => [c, `${paths.run}.tool.extensions[${k}]`]),
  ];
  for (const [candidate, path] of candidates) {
    const at = candidate.rules?.findIndex((r) => r.id === id) ?? -1;
    if (at >= 0) return { rule: candidate.rules?.[at], rulePath: `${path}.rules[${at}]`, component: candidate };
  }
  return { component };
}

function severityOf(result: SarifResult, rule: SarifRule | undefined, at: string, rulePath: string | undefined, problems: Set<string>): Severity | undefined {
  for (const [bag, path] of [
    [result.properties, `${at}.properties`],
    [rule?.properties, `${rulePath ?? 'rule'}.properties`],
  ] as const) {
    const score = readSecurityScore(bag);
    if (typeof score === 'number') return severityOfScore(score);
    if (score !== undefined) return void problems.add(`${path}["${SECURITY_SEVERITY}"]: ${score.invalid}`);
  }
  const isFailure = result.kind === undefined || result.kind === 'fail';
  return severityOfLevel(result.level ?? rule?.defaultConfiguration?.level ?? (isFailure ? 'warning' : 'none'));
}

function messageOf(result: SarifResult, rule: SarifRule | undefined, component: SarifToolComponent): string | undefined {
  const { text, id, arguments: args = [] } = result.message;
  if (text !== undefined) return text;
  const template = id === undefined ? undefined : (rule?.messageStrings?.[id] ?? component.globalMessageStrings?.[id])?.text;
  // SARIF §3.11.5: {n} is the n-th argument, {{ and }} are literal braces.
  return template?.replace(/\{\{|\}\}|\{(\d+)\}/g, (match, n?: string) => (n === undefined ? match[0]! : (args[Number(n)] ?? match)));
}

function kindOf(result: SarifResult, rule: SarifRule | undefined, ruleId: string): FindingKind {
  const declared = result.properties?.[TOLLGATE_KIND];
  if (FINDING_KINDS.includes(declared as FindingKind)) return declared as FindingKind;
  const tags = new Set([...tagsOf(result.properties), ...tagsOf(rule?.properties)].map((t) => t.toLowerCase()));
  if (tags.has('secret') || tags.has('secrets')) return 'secret';
  if (['vulnerability', 'cve', 'sca', 'dependency'].some((t) => tags.has(t)) || /^(CVE|GHSA|GO|PYSEC|RUSTSEC|OSV)-/.test(ruleId)) return 'vulnerability';
  if (['misconfiguration', 'iac', 'terraform', 'kubernetes', 'dockerfile', 'cloudformation'].some((t) => tags.has(t))) return 'iac';
  return 'other';
}

function tagsOf(properties: Readonly<Record<string, unknown>> | undefined): string[] {
  const tags = properties?.['tags'];
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
}

function fixOf(result: SarifResult, rule: SarifRule | undefined): string | undefined {
  const described = (result.fixes ?? []).map((f) => f.description?.text).filter((t): t is string => !!t);
  if (described.length > 0) return described.join('; ');
  const own = result.properties?.[TOLLGATE_FIX];
  return typeof own === 'string' ? own : rule?.help?.text;
}

const RESERVED_PROPERTIES = new Set([SECURITY_SEVERITY, 'tags', TOLLGATE_KIND, TOLLGATE_FIX]);

function primitiveProperties(bag: Readonly<Record<string, unknown>> | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(bag ?? {})) {
    if (RESERVED_PROPERTIES.has(key)) continue;
    if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) out[key] = value;
  }
  return out;
}

function fingerprintOf(result: SarifResult, scanner: string, ruleId: string, path = '', line = 0, message: string): string {
  const own = result.partialFingerprints?.[TOLLGATE_FINGERPRINT];
  if (own !== undefined && /^[0-9a-f]{64}$/.test(own)) return own;
  const tools = result.fingerprints && Object.keys(result.fingerprints).length > 0 ? result.fingerprints : result.partialFingerprints;
  const basis = tools && Object.keys(tools).length > 0 ? `fingerprints\0${canonicalize(tools)}` : `location\0${path}\0${line}\0${message}`;
  return createHash('sha256').update(`tollgate-sarif-v1\0${scanner}\0${ruleId}\0${basis}`, 'utf8').digest('hex');
}
