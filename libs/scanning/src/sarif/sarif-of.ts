import { type Finding, type Severity, severityRank } from '../findings/finding';
import { type SarifLevel } from './sarif-log.schema';
import { SECURITY_SEVERITY, levelOfSeverity, scoreOfSeverity } from './security-severity';
import { TOLLGATE_FINGERPRINT, TOLLGATE_FIX, TOLLGATE_KIND } from './tollgate-properties';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Rule metadata a caller knows better than the findings do (a title, a help text, tags). */
export interface SarifRuleDescription {
  readonly id: string;
  readonly name?: string;
  readonly shortDescription?: string;
  readonly fullDescription?: string;
  readonly help?: string;
  readonly helpUri?: string;
  readonly tags?: readonly string[];
}

export interface SarifExportOptions {
  /** The producing product, e.g. `tollgate`. Its own scanners (`tollgate`, `tollgate-*`) carry toolVersion and informationUri. */
  readonly toolName: string;
  readonly toolVersion?: string;
  readonly informationUri?: string;
  readonly rules?: readonly SarifRuleDescription[];
  /** Scanners that ran: each gets a run even without findings, so "ran, found nothing" is visible. */
  readonly scanners?: readonly string[];
}

type PropertyBag = Record<string, unknown>;

export interface SarifReportingDescriptor {
  id: string;
  name?: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  help?: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: PropertyBag;
}

export interface SarifResultOut {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations?: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, number> } }[];
  partialFingerprints: Record<string, string>;
  properties: PropertyBag;
}

export interface SarifRunOut {
  tool: { driver: { name: string; version?: string; informationUri?: string; rules: SarifReportingDescriptor[] } };
  columnKind: 'utf16CodeUnits';
  results: SarifResultOut[];
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRunOut[];
}

const SRCROOT = '%SRCROOT%';
const RESERVED = new Set(['tags', SECURITY_SEVERITY, TOLLGATE_FINGERPRINT, TOLLGATE_KIND, TOLLGATE_FIX]);

/**
 * Findings as one SARIF 2.1.0 log, one run per scanner, deterministic (runs, rules and
 * results sorted). SARIF's `fixes` require concrete replacements, which our fixes are not,
 * so the fix text goes to the rule's `help` and the result's `tollgate/fix` property.
 */
export function sarifOf(findings: readonly Finding[], options: SarifExportOptions): SarifLog {
  const scanners = [...new Set([...findings.map((f) => f.scanner), ...(options.scanners ?? [])])].sort();
  if (scanners.length === 0) scanners.push(options.toolName);
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: scanners.map((scanner) => runOf(scanner, findings.filter((f) => f.scanner === scanner), options)) };
}

function runOf(scanner: string, findings: Finding[], options: SarifExportOptions): SarifRunOut {
  const ordered = [...findings].sort(byLocation);
  const ruleIds = [...new Set(ordered.map((f) => f.ruleId))].sort();
  const own = scanner === options.toolName || scanner.startsWith(`${options.toolName}-`);
  return {
    tool: {
      driver: {
        name: scanner,
        ...(own && options.toolVersion ? { version: options.toolVersion } : {}),
        ...(own && options.informationUri ? { informationUri: options.informationUri } : {}),
        rules: ruleIds.map((id) => ruleOf(id, ordered.filter((f) => f.ruleId === id), options.rules?.find((r) => r.id === id))),
      },
    },
    columnKind: 'utf16CodeUnits',
    results: ordered.map((f) => resultOf(f, ruleIds.indexOf(f.ruleId))),
  };
}

function ruleOf(id: string, findings: Finding[], described: SarifRuleDescription | undefined): SarifReportingDescriptor {
  const worst = findings.reduce<Severity>((w, f) => (severityRank(f.severity) > severityRank(w) ? f.severity : w), 'info');
  const sameForAll = (pick: (f: Finding) => string | undefined): string | undefined => {
    const values = new Set(findings.map(pick));
    return values.size === 1 ? [...values][0] : undefined;
  };
  const secretType = sameForAll((f) => (typeof f.properties?.['secretType'] === 'string' ? f.properties['secretType'] : undefined));
  const help = described?.help ?? sameForAll((f) => f.fix);
  const helpUri = described?.helpUri ?? findings.find((f) => f.helpUri)?.helpUri;
  const tags = [...new Set(['security', ...findings.map((f) => f.kind), ...(described?.tags ?? [])])];
  return {
    id,
    ...(described?.name ? { name: described.name } : {}),
    shortDescription: { text: described?.shortDescription ?? secretType ?? sameForAll((f) => f.message) ?? id },
    ...(described?.fullDescription ? { fullDescription: { text: described.fullDescription } } : {}),
    ...(help ? { help: { text: help } } : {}),
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: levelOfSeverity(worst) },
    properties: { [SECURITY_SEVERITY]: scoreOfSeverity(worst), tags },
  };
}

function resultOf(finding: Finding, ruleIndex: number): SarifResultOut {
  const properties: PropertyBag = {};
  for (const [key, value] of Object.entries(finding.properties ?? {})) if (!RESERVED.has(key)) properties[key] = value;
  // Per result, so a re-import does not take the rule's (worst) score for a milder result.
  properties[SECURITY_SEVERITY] = scoreOfSeverity(finding.severity);
  properties[TOLLGATE_KIND] = finding.kind;
  if (finding.fix) properties[TOLLGATE_FIX] = finding.fix;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: levelOfSeverity(finding.severity),
    message: { text: finding.message },
    ...(finding.location ? { locations: [locationOf(finding.location)] } : {}),
    partialFingerprints: { [TOLLGATE_FINGERPRINT]: finding.fingerprint },
    properties,
  };
}

function locationOf(location: NonNullable<Finding['location']>): NonNullable<SarifResultOut['locations']>[number] {
  const isUri = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(location.path);
  const region: Record<string, number> = { startLine: location.startLine };
  if (location.startColumn !== undefined) region['startColumn'] = location.startColumn;
  if (location.endLine !== undefined) region['endLine'] = location.endLine;
  if (location.endColumn !== undefined) region['endColumn'] = location.endColumn;
  return {
    physicalLocation: {
      artifactLocation: isUri ? { uri: location.path } : { uri: location.path.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT },
      region,
    },
  };
}

function byLocation(a: Finding, b: Finding): number {
  const pa = a.location?.path ?? '';
  const pb = b.location?.path ?? '';
  if (pa !== pb) return pa < pb ? -1 : 1;
  return (
    (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) ||
    (a.location?.startColumn ?? 0) - (b.location?.startColumn ?? 0) ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0)
  );
}
