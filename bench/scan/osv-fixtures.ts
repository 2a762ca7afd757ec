// Generated OSV advisories and SBOM components across npm, PyPI, Maven and Go, shaped like
// the real database: popular packages carry many advisories, most records name one package,
// ranges are "introduced 0 / fixed", bounded windows, several windows, last_affected, and
// PyPI records also list every affected version explicitly. Severity from CVSS vectors or
// the database's own field.
import { type ComponentToMatch, type OsvAffected, type OsvRecord } from '@tollgate/osv';
import { pick, skewedIndex, type Random } from './bench-random';

export type BenchEcosystem = 'npm' | 'PyPI' | 'Maven' | 'Go';
const ECOSYSTEMS: readonly BenchEcosystem[] = ['npm', 'PyPI', 'Maven', 'Go'];

export interface BenchOsvPackage {
  ecosystem: BenchEcosystem;
  /** As OSV writes it. */
  osvName: string;
  /** Versionless purl, as an SBOM writes it. */
  purlBase: string;
}

/** A package pool: ids interleave the ecosystems, low ids are the popular ones. */
export function osvPackagePool(size: number): BenchOsvPackage[] {
  return Array.from({ length: size }, (_, id) => {
    const ecosystem = ECOSYSTEMS[id % ECOSYSTEMS.length];
    switch (ecosystem) {
      case 'npm':
        return id % 3 === 0
          ? { ecosystem, osvName: `@scope${id % 50}/pkg-${id}`, purlBase: `pkg:npm/%40scope${id % 50}/pkg-${id}` }
          : { ecosystem, osvName: `pkg-${id}`, purlBase: `pkg:npm/pkg-${id}` };
      case 'PyPI':
        // OSV keeps PyPI's display spelling; the purl is normalised (PEP 503).
        return { ecosystem, osvName: `Flask_Ext.${id}`, purlBase: `pkg:pypi/flask-ext-${id}` };
      case 'Maven':
        return { ecosystem, osvName: `org.example.g${id % 200}:artifact-${id}`, purlBase: `pkg:maven/org.example.g${id % 200}/artifact-${id}` };
      case 'Go':
        return { ecosystem, osvName: `github.com/acme-${id % 300}/mod-${id}`, purlBase: `pkg:golang/github.com/acme-${id % 300}/mod-${id}` };
    }
  });
}

/** Release history of a package: versions in ascending order, pre-releases and post-releases included. */
function history(pkg: BenchOsvPackage, random: Random): string[] {
  const majors = 1 + Math.floor(random() * 3);
  const out: string[] = [];
  for (let major = 1; major <= majors; major++) {
    for (let minor = 0; minor < 4; minor++) {
      for (let patch = 0; patch < 3; patch++) {
        switch (pkg.ecosystem) {
          case 'PyPI':
            out.push(patch === 0 ? `${major}.${minor}` : `${major}.${minor}.${patch}`);
            if (patch === 2 && minor === 1) out.push(`${major}.${minor}.${patch}.post1`);
            break;
          case 'Maven':
            if (patch === 0 && minor === 0) out.push(`${major}.0.0-rc1`);
            out.push(`${major}.${minor}.${patch}`);
            break;
          case 'npm':
          case 'Go':
            if (patch === 0 && minor === 2) out.push(`${major}.${minor}.0-beta.1`);
            out.push(`${major}.${minor}.${patch}`);
            break;
        }
      }
    }
  }
  return out;
}

const histories = new Map<string, string[]>();
function historyOf(pkg: BenchOsvPackage, random: Random): string[] {
  let versions = histories.get(pkg.purlBase);
  if (versions === undefined) histories.set(pkg.purlBase, (versions = history(pkg, random)));
  return versions;
}

const VECTORS = ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N', 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N'];

function affectedOf(pkg: BenchOsvPackage, random: Random): OsvAffected {
  const versions = historyOf(pkg, random);
  const at = (i: number): string => versions[Math.max(0, Math.min(versions.length - 1, i))];
  const fixIndex = 1 + Math.floor(random() * (versions.length - 1));
  const shape = random();
  let events: Record<string, string>[];
  if (shape < 0.55) events = [{ introduced: '0' }, { fixed: at(fixIndex) }];
  else if (shape < 0.8) events = [{ introduced: at(fixIndex - 3) }, { fixed: at(fixIndex) }];
  else if (shape < 0.92) events = [{ introduced: '0' }, { fixed: at(fixIndex - 6) }, { introduced: at(fixIndex - 3) }, { fixed: at(fixIndex) }];
  else events = [{ introduced: at(fixIndex - 4) }, { last_affected: at(fixIndex) }];
  const semver = pkg.ecosystem === 'npm' || pkg.ecosystem === 'Go';
  const affected: OsvAffected = { package: { ecosystem: pkg.ecosystem, name: pkg.osvName }, ranges: [{ type: semver ? 'SEMVER' : 'ECOSYSTEM', events }] };
  // PyPI (PYSEC) records enumerate the affected versions too.
  if (pkg.ecosystem === 'PyPI') affected.versions = versions.slice(0, fixIndex);
  return affected;
}

/** `count` advisories over `pool`, popular packages advised most. */
export function generateAdvisories(count: number, pool: readonly BenchOsvPackage[], random: Random): OsvRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const packages = random() < 0.8 ? 1 : random() < 0.75 ? 2 : 3;
    const affected = Array.from({ length: packages }, () => affectedOf(pool[skewedIndex(random, pool.length)], random));
    const scored = random();
    return {
      schema_version: '1.6.0',
      id: `GHSA-bench-${String(i).padStart(6, '0')}`,
      modified: '2026-11-01T00:00:00Z',
      published: '2026-10-01T00:00:00Z',
      aliases: [`CVE-2026-${String(10000 + i)}`],
      summary: `Bench advisory ${i}`,
      ...(scored < 0.7 ? { severity: [{ type: 'CVSS_V3' as const, score: pick(random, VECTORS) }] } : {}),
      ...(scored >= 0.7 && scored < 0.9 ? { database_specific: { severity: pick(random, ['LOW', 'MODERATE', 'HIGH', 'CRITICAL']) } } : {}),
      affected,
    };
  });
}

/** `count` SBOM components from `pool` (give it more packages than were advised: most have no advisory), popular ones most often. */
export function generateComponents(count: number, pool: readonly BenchOsvPackage[], random: Random): ComponentToMatch[] {
  const seen = new Set<string>();
  const out: ComponentToMatch[] = [];
  while (out.length < count) {
    const pkg = pool[skewedIndex(random, pool.length, 1.5)];
    const version = pick(random, historyOf(pkg, random));
    const written = pkg.ecosystem === 'Go' ? `v${version}` : version;
    const purl = `${pkg.purlBase}@${written}`;
    if (seen.has(purl)) continue;
    seen.add(purl);
    out.push({ purl, version: written });
  }
  return out;
}
