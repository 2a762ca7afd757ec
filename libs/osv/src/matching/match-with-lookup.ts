/**
 * The one matching loop both paths share: per component, one map lookup by (OSV ecosystem,
 * package name), then the range check on the few entries found. No scan of the database.
 */
import { componentKey, type ComponentKey, type ComponentToMatch } from '../ecosystems/component-key';
import { advisorySeverity, severityRank, type AdvisorySeverity } from '../severity/advisory-severity';
import type { AffectedEntry, AffectedLookup } from './affected-entry';
import { evaluateEntry, sortVersions } from './range-evaluation';
import type { MatchReport, UnmatchableComponent, VulnerabilityMatch } from './vulnerability-match';

export function matchWithLookup(lookup: AffectedLookup, components: ReadonlyArray<ComponentToMatch>): MatchReport {
  const report: MatchReport = { matches: [], unmatchable: [], unsupported: [] };
  const seen = new Set<string>();
  for (const component of components) {
    const identity = [component.purl, component.version, component.sourceName ?? '', component.distroRelease ?? ''].join('\u0000');
    if (seen.has(identity)) continue;
    seen.add(identity);
    const keyed = componentKey(component);
    if (!keyed.ok) {
      report.unsupported.push({ purl: component.purl, reason: keyed.reason });
      continue;
    }
    const candidates = lookup.candidates(keyed.value.key);
    if (candidates.length === 0) continue;
    for (const entries of byAdvisory(candidates).values()) {
      const outcome = matchAdvisoryEntries(component, keyed.value, entries);
      if (outcome === undefined) continue;
      if ('reason' in outcome) report.unmatchable.push(outcome);
      else report.matches.push(outcome);
    }
  }
  report.matches.sort((a, b) => compareText(a.purl, b.purl) || compareText(a.advisoryId, b.advisoryId));
  report.unmatchable.sort((a, b) => compareText(a.purl, b.purl) || compareText(a.advisoryId, b.advisoryId));
  return report;
}

function byAdvisory(entries: readonly AffectedEntry[]): Map<string, AffectedEntry[]> {
  const grouped = new Map<string, AffectedEntry[]>();
  for (const entry of entries) grouped.set(entry.record.id, [...(grouped.get(entry.record.id) ?? []), entry]);
  return grouped;
}

/** One component against the entries of one advisory naming its package (several when several releases are listed). */
function matchAdvisoryEntries(component: ComponentToMatch, key: ComponentKey, entries: readonly AffectedEntry[]): VulnerabilityMatch | UnmatchableComponent | undefined {
  // A record for Debian:11 says nothing about a Debian 12 package; with no release known, every release is asked.
  const inRelease = entries.filter((e) => e.release === undefined || key.release === undefined || e.release === key.release);
  const affected: AffectedEntry[] = [];
  const fixed: string[] = [];
  const problems: string[] = [];
  for (const entry of inRelease) {
    const verdict = evaluateEntry(entry, key.version);
    switch (verdict.kind) {
      case 'affected':
        affected.push(entry);
        fixed.push(...verdict.fixedVersions);
        break;
      case 'unmatchable':
        problems.push(`${entry.osvEcosystem} ${entry.osvName}: ${verdict.reason}`);
        break;
      case 'not-affected':
        break;
    }
  }
  const record = entries[0].record;
  if (affected.length === 0) {
    return problems.length === 0 ? undefined : { purl: component.purl, version: component.version, advisoryId: record.id, reason: problems.join('; ') };
  }
  const severity = affected.map((e) => advisorySeverity(e.record, e.affected)).reduce(worse);
  return {
    purl: component.purl,
    version: component.version,
    advisoryId: record.id,
    aliases: record.aliases ?? [],
    ...(record.summary === undefined ? {} : { summary: record.summary }),
    modified: record.modified,
    severity: severity.severity,
    severitySource: severity.source,
    ...(severity.score === undefined ? {} : { score: severity.score }),
    ...(severity.vector === undefined ? {} : { vector: severity.vector }),
    fixedVersions: sortVersions(key.ecosystem, fixed),
    references: record.references ?? [],
    matchedPackages: affected.map((e) => ({ osvEcosystem: e.osvEcosystem, name: e.osvName })),
    caveats: caveatsOf(key, affected),
  };
}

function worse(a: AdvisorySeverity, b: AdvisorySeverity): AdvisorySeverity {
  return severityRank(b.severity) > severityRank(a.severity) ? b : a;
}

function caveatsOf(key: ComponentKey, affected: readonly AffectedEntry[]): string[] {
  const caveats: string[] = [];
  const released = affected.filter((e) => e.release !== undefined);
  if (key.releaseFrom === 'inferred' && released.length > 0) {
    caveats.push(`distro release ${key.base} ${key.release} inferred from the version's security-update suffix`);
  }
  if (key.release === undefined && released.length > 0) {
    caveats.push(`the component's distro release is unknown (its purl has no distro= qualifier); matched against ${released.map((e) => e.osvEcosystem).join(', ')}`);
  }
  if ((key.ecosystem === 'deb' || key.ecosystem === 'apk') && key.nameFrom === 'purl') {
    caveats.push(`looked up by binary package name "${key.name}": OSV names source packages, and no source package was known`);
  }
  return caveats;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
