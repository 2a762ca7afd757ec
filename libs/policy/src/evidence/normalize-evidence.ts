import canonicalize from 'canonicalize';
import type { GateEvidence } from './gate-evidence.schema';

/**
 * The evidence in one canonical order, exact duplicates dropped: events arrive in any
 * order and may be delivered twice, and neither may change the decision or its digest.
 * Findings sort by scanner, rule, fingerprint and place; scans by scanner and kind;
 * components by purl; KEV ids alphabetically. Idempotent, and cheap on evidence that is
 * already normalised (store it normalised, with its evidenceDigest).
 */
export function normalizeEvidence(evidence: GateEvidence): GateEvidence {
  return {
    ...evidence,
    ...(evidence.sbom && { sbom: { digest: evidence.sbom.digest, components: sortedUnique(evidence.sbom.components, (c) => c.purl) } }),
    findings: sortedUnique(evidence.findings, (f) => `${f.scanner}\0${f.ruleId}\0${f.fingerprint}\0${f.location?.path ?? ''}\0${String(f.location?.startLine ?? 0).padStart(9, '0')}`),
    scans: sortedUnique(evidence.scans, (s) => `${s.scanner}\0${s.kind}\0${s.status}`),
    ...(evidence.kev && { kev: [...new Set(evidence.kev)].sort() }),
  };
}

/** Sorted by key, ties broken by canonical JSON, and items equal in both kept once. */
function sortedUnique<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  if (strictlySorted(items, keyOf)) return items as T[];
  const keyed = items.map((item) => ({ item, key: keyOf(item), canonical: undefined as string | undefined }));
  const canonical = (entry: (typeof keyed)[number]) => (entry.canonical ??= canonicalize(entry.item) ?? '');
  keyed.sort((a, b) => compare(a.key, b.key) || compare(canonical(a), canonical(b)));
  const out: T[] = [];
  for (let i = 0; i < keyed.length; i++) {
    const previous = keyed[i - 1];
    if (previous && previous.key === keyed[i].key && canonical(previous) === canonical(keyed[i])) continue;
    out.push(keyed[i].item);
  }
  return out;
}

/** Evidence stored normalised comes back in order: one pass instead of a sort. */
function strictlySorted<T>(items: readonly T[], keyOf: (item: T) => string): boolean {
  let previous: string | undefined;
  for (const item of items) {
    const key = keyOf(item);
    if (previous !== undefined && !(previous < key)) return false;
    previous = key;
  }
  return true;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
