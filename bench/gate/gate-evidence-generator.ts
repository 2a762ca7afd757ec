// Realistic gate evidence for the bench: an SBOM of mostly permissive licences (some dual,
// some undeclared, a few copyleft), findings of every kind and severity (vulnerabilities
// with aliases, some on the KEV list), a verified signature with provenance, every scan completed.
import { createHash } from 'node:crypto';
import type { EvidenceFinding, GateEvidence, SbomComponent } from '@tollgate/policy';

type Random = () => number;

/** mulberry32: seeded, so two runs decide over the same evidence. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(random: Random, table: ReadonlyArray<readonly [T, number]>): T {
  const total = table.reduce((sum, [, w]) => sum + w, 0);
  let roll = random() * total;
  for (const [value, weight] of table) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return table[table.length - 1][0];
}

const hex = (text: string) => createHash('sha256').update(text).digest('hex');

const LICENSES: ReadonlyArray<readonly [string[], number]> = [
  [['MIT'], 55],
  [['Apache-2.0'], 15],
  [['ISC'], 8],
  [['BSD-3-Clause'], 6],
  [['MIT OR Apache-2.0'], 5],
  [['BSD-2-Clause'], 3],
  [[], 3],
  [['LGPL-2.1-or-later'], 1.5],
  [['(MIT AND Zlib)'], 1],
  [['GPL-2.0-only WITH Classpath-exception-2.0'], 1],
  [['MPL-2.0', 'MIT'], 1],
  [['AGPL-3.0-only'], 0.3],
  [['LicenseRef-vendor-eula'], 0.2],
];
const SEVERITY = [
  ['critical', 3],
  ['high', 15],
  ['medium', 40],
  ['low', 30],
  ['info', 12],
] as const;

export function generateEvidence(opts: { components: number; findings: number; kev: number; seed?: number }): GateEvidence {
  const random = seededRandom(opts.seed ?? 42);
  const components: SbomComponent[] = Array.from({ length: opts.components }, (_, i) => {
    const ecosystem = weighted(random, [['npm', 80], ['deb', 12], ['pypi', 8]] as const);
    const name = `${ecosystem === 'npm' && i % 7 === 0 ? '@acme/' : ''}pkg-${i}`;
    const version = `${1 + Math.floor(random() * 9)}.${Math.floor(random() * 30)}.${Math.floor(random() * 12)}`;
    const purl = `pkg:${ecosystem}/${name.replace('@', '%40')}@${version}`;
    return { purl, name, version, ecosystem, licenses: weighted(random, LICENSES), scope: random() < 0.15 ? 'dev' : 'required' };
  });
  const kev = Array.from({ length: opts.kev }, (_, i) => `CVE-20${10 + (i % 15)}-${10000 + i}`);
  const findings: EvidenceFinding[] = Array.from({ length: opts.findings }, (_, i) => {
    const kind = weighted(random, [['vulnerability', 55], ['iac', 35], ['code', 7], ['secret', 3]] as const);
    const severity = weighted(random, SEVERITY);
    const fingerprint = hex(`finding-${i}`);
    if (kind === 'vulnerability') {
      const component = components[Math.floor(random() * components.length)];
      const cve = random() < 0.03 ? kev[Math.floor(random() * kev.length)] : `CVE-2024-${20000 + i}`;
      return {
        ruleId: `GHSA-${hex(`ghsa-${i}`).slice(0, 4)}-${hex(`g2-${i}`).slice(0, 4)}-${hex(`g3-${i}`).slice(0, 4)}`,
        scanner: 'tollgate-osv',
        kind,
        severity,
        message: `${component.purl} is affected by advisory ${i}`,
        fix: `upgrade ${component.purl.split('@')[0]} to the fixed version`,
        fingerprint,
        properties: { purl: component.purl, aliases: cve, severitySource: 'cvss' },
      };
    }
    return {
      ruleId: kind === 'iac' ? `TG-TF-0${10 + (i % 20)}` : kind === 'secret' ? 'generic-api-key' : `js/rule-${i % 40}`,
      scanner: kind === 'iac' ? 'tollgate-iac' : kind === 'secret' ? 'tollgate-secrets' : 'codeql',
      kind,
      severity,
      message: `${kind} finding ${i}`,
      location: { path: `src/module-${i % 50}/file-${i}.${kind === 'iac' ? 'tf' : 'ts'}`, startLine: 1 + (i % 400) },
      ...(kind !== 'secret' && { fix: `fix for finding ${i}` }),
      fingerprint,
    };
  });
  return {
    pipelineRunId: 'jenkins/bench/1',
    artifactDigest: `sha256:${hex('bench-artifact')}`,
    repository: 'acme/bench',
    credentials: { outcome: 'issued' },
    sbom: { digest: `sha256:${hex('bench-sbom')}`, components },
    findings,
    scans: [
      { scanner: 'tollgate-iac', kind: 'iac', status: 'completed' },
      { scanner: 'tollgate-secrets', kind: 'secret', status: 'completed' },
      { scanner: 'tollgate-osv', kind: 'vulnerability', status: 'completed' },
    ],
    signature: { verified: true, predicateTypes: ['https://slsa.dev/provenance/v1', 'https://cyclonedx.org/bom'], builderId: 'jenkins/builders' },
    kev,
  };
}
