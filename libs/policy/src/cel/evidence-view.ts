import { celList, celMap, isCelList, isCelMap, isCelUint, type CelMap, type CelValue } from '@bufbuild/cel';
import { FINDING_KINDS, type EvidenceFinding, type GateEvidence, type SbomComponent, type ScanRecord } from '../evidence/gate-evidence.schema';
import type { LicenseAssessment, LicenseEvaluator, LicenseVerdict } from '../licenses/license-policy';

/** The evidence item behind a CEL value, so a violation can name it precisely. */
export type ItemSource =
  | { kind: 'finding'; finding: EvidenceFinding }
  | ComponentSource
  | { kind: 'scan'; scan: ScanRecord };
type ComponentSource = { kind: 'component'; component: SbomComponent; license: LicenseAssessment };

export interface EvidenceView {
  /** Bound to `evidence` in every rule. */
  readonly root: CelMap;
  /** Back from a CEL item (a list element the rule's `each` returned) to the evidence it came from. */
  readonly sourceOf: (value: CelValue) => ItemSource | undefined;
}

/**
 * The evidence as CEL values, built once per decision. @bufbuild/cel wraps a plain object
 * into a fresh map each time it is reached, so what many rules visit (findings, scans,
 * components with a licence problem) is converted once here. Derived fields the rules need are added here, computed in TypeScript:
 *   components: `licenseVerdict` ('allowed'|'denied'|'unknown') and `licenseReason`;
 *   findings: `properties` (always present, {} when none), `advisoryIds` (the advisory id
 *   and its aliases) and `knownExploited` (one of them is on the evidence's KEV list);
 *   evidence: `kev` (always present, [] when none);
 *   `evidence.findingsByKind.<iac|secret|vulnerability|code|other>` and
 *   `evidence.sbom.componentsByLicenseVerdict.<allowed|denied|unknown>`: the same items,
 *   grouped, so a rule iterates only what it looks at. CEL costs about half a
 *   microsecond per item a comprehension visits; a rule over all 1,500 components of an
 *   SBOM costs a millisecond, over its 20 unknown-licence ones next to nothing.
 */
export function evidenceView(evidence: GateEvidence, licenses: LicenseEvaluator): EvidenceView {
  const sources = new Map<CelValue, ItemSource>();
  const kev = new Set((evidence.kev ?? []).map((id) => id.toUpperCase()));

  const findings = evidence.findings.map((finding) => {
    const ids = advisoryIds(finding);
    const value = objectView(finding, [
      ...(finding.properties ? [] : [['properties', EMPTY] as const]),
      ['advisoryIds', celList(ids)],
      ['knownExploited', ids.some((id) => kev.has(id.toUpperCase()))],
    ]);
    sources.set(value, { kind: 'finding', finding });
    return value;
  });
  const fields: Record<string, unknown> = { ...evidence, kev: evidence.kev ?? [] };
  fields['findings'] = celList(findings);
  fields['findingsByKind'] = partition(findings, FINDING_KINDS, (value) => {
    const source = sources.get(value);
    return source?.kind === 'finding' ? source.finding.kind : 'other';
  });
  fields['scans'] = celList(
    evidence.scans.map((scan) => {
      const value = objectView(scan);
      sources.set(value, { kind: 'scan', scan });
      return value;
    }),
  );
  const componentSources: ComponentSource[] = [];
  if (evidence.sbom) fields['sbom'] = sbomView(evidence.sbom, licenses, sources, componentSources);
  // Only a rule over the full component list needs this; built on first use.
  let byPurl: Map<string, ItemSource> | undefined;
  const componentByPurl = (purl: string) => (byPurl ??= new Map(componentSources.map((s) => [s.component.purl, s]))).get(purl);
  return {
    root: objectView(fields),
    sourceOf: (value) => sources.get(value) ?? (isCelMap(value) && typeof value.get('purl') === 'string' ? componentByPurl(value.get('purl') as string) : undefined),
  };
}

/**
 * Components are many and most rules look at few of them, so the full list holds plain
 * objects that @bufbuild/cel converts only when a rule visits them (found again by purl,
 * unique in an SBOM); the non-allowed ones, which licence rules visit, are built eagerly.
 */
function sbomView(sbom: NonNullable<GateEvidence['sbom']>, licenses: LicenseEvaluator, sources: Map<CelValue, ItemSource>, componentSources: ComponentSource[]): CelMap {
  const all: ComponentFields[] = [];
  const groups: Record<LicenseVerdict, CelValue[]> = { allowed: [], denied: [], unknown: [] };
  for (const component of sbom.components) {
    const license = licenses.assess(component.licenses);
    const source: ComponentSource = { kind: 'component', component, license };
    const fields: ComponentFields = {
      purl: component.purl,
      name: component.name,
      version: component.version,
      ecosystem: component.ecosystem,
      licenses: component.licenses,
      scope: component.scope,
      licenseVerdict: license.verdict,
      licenseReason: license.reason,
    };
    all.push(fields);
    componentSources.push(source);
    if (license.verdict === 'allowed') groups.allowed.push(fields as unknown as CelValue);
    else {
      const value = objectView(fields);
      sources.set(value, source);
      groups[license.verdict].push(value);
    }
  }
  const byVerdict = celMap(new Map(Object.entries(groups).map(([verdict, list]) => [verdict, celList(list)])));
  return celMap(
    new Map<string, CelValue>([
      ['digest', sbom.digest],
      ['components', celList(all as unknown as CelValue[])],
      ['componentsByLicenseVerdict', byVerdict],
    ]),
  );
}

/** Every field of a component (the type fails to compile if the schema gains one), plus the verdict. */
type ComponentFields = { [K in keyof Required<SbomComponent>]: SbomComponent[K] } & { licenseVerdict: LicenseVerdict; licenseReason: string };

/** The same CEL items grouped by a key, every key present (empty lists included). */
function partition(items: readonly CelValue[], keys: readonly string[], keyOf: (item: CelValue) => string): CelMap {
  const groups = new Map<string, CelValue[]>(keys.map((key) => [key, []]));
  for (const item of items) groups.get(keyOf(item))?.push(item);
  return celMap(new Map([...groups].map(([key, list]) => [key, celList(list)])));
}

/** A vulnerability's advisory id, `advisoryId` property and comma-separated `aliases`. */
function advisoryIds(finding: EvidenceFinding): string[] {
  if (finding.kind !== 'vulnerability') return [];
  const props = finding.properties ?? {};
  const aliases = typeof props['aliases'] === 'string' ? props['aliases'].split(',') : [];
  const ids = [finding.ruleId, typeof props['advisoryId'] === 'string' ? props['advisoryId'] : '', ...aliases].map((id) => id.trim()).filter(Boolean);
  return [...new Set(ids)];
}

const EMPTY = celMap(new Map());

/** A map of the object's fields, then `extra` (set after, so they win). No object spread: it is several times slower here. */
function objectView(object: object, extra: ReadonlyArray<readonly [string, CelValue]> = []): CelMap {
  const map = new Map<string, CelValue>();
  for (const key in object) {
    const value = (object as Record<string, unknown>)[key];
    if (value !== undefined) map.set(key, toView(value));
  }
  for (const [key, value] of extra) map.set(key, value);
  return celMap(map);
}

function toView(value: unknown): CelValue {
  if (value === null || typeof value !== 'object') return value as CelValue;
  if (isCelList(value) || isCelMap(value)) return value;
  if (Array.isArray(value)) return celList(value.map(toView));
  return objectView(value);
}

/** A CEL value back to plain JSON (for items a rule built itself, and for message text). */
export function plainOf(value: CelValue): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (isCelUint(value)) return Number(value.value);
  if (isCelList(value)) return [...value].map(plainOf);
  if (isCelMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, entry] of value) out[String(key)] = plainOf(entry);
    return out;
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value === null || typeof value !== 'object') return value;
  return String(value);
}
