import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

/** An OSV advisory on one npm package; the demo's advisories are made up and say so. */
function demoAdvisory(id: string, name: string, events: object[], severity: string): object {
  return {
    schema_version: '1.6.0',
    id,
    modified: '2026-12-01T00:00:00Z',
    summary: `Demo advisory (not a real vulnerability) on ${name}`,
    affected: [{ package: { ecosystem: 'npm', name }, ranges: [{ type: 'SEMVER', events }] }],
    database_specific: { severity },
  };
}

/** The demo's local OSV database: one advisory the firmware's rxjs falls in (a real deployment mirrors OSV's archives here). */
export function ensureDemoAdvisories(): string {
  const dir = join(ROOT, '.tollgate', 'osv');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'TGDEMO-2026-0001.json'), JSON.stringify(demoAdvisory('TGDEMO-2026-0001', 'rxjs', [{ introduced: '7.0.0' }, { fixed: '7.8.3' }], 'HIGH'), null, 2));
  return dir;
}

interface Scan {
  scanner: string;
  status: string;
  counts?: Record<string, number>;
  findings: { ruleId: string; severity: string; message: string; fix?: string }[];
}

/** Waits for the run's scans (source and SBOM), prints them, then ingests an advisory "published" after the build. */
export async function showScans(scannerUrl: string, runUrl: string, digest: string, say: (line: string) => void): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  let scans: Scan[] = [];
  while (Date.now() < deadline && scans.length < 3) {
    const res = await fetch(`${scannerUrl}/v1/findings?pipelineRunId=${encodeURIComponent(runUrl)}`);
    if (res.ok) scans = ((await res.json()) as { scans: Scan[] }).scans;
    if (scans.length < 3) await new Promise((r) => setTimeout(r, 250));
  }
  if (scans.length < 3) {
    say(`WARNING: ${scans.length} of 3 scans of the run within 60 s`);
    return false;
  }
  say(`GET /v1/findings?pipelineRunId=<run> -> ${scans.length} scans`);
  for (const scan of scans) {
    const counts = scan.counts ? ['critical', 'high', 'medium', 'low', 'info'].map((k) => `${scan.counts![k]} ${k}`).join(', ') : scan.status;
    say(`  ${scan.scanner.padEnd(17)} ${scan.status.padEnd(9)} ${counts}`);
    for (const f of scan.findings.slice(0, 2)) say(`    ${f.severity} ${f.ruleId}: ${f.message} -> ${f.fix ?? ''}`);
  }
  const late = { ...demoAdvisory('TGDEMO-2026-0002', '@nestjs/core', [{ introduced: '12.0.0' }, { fixed: '12.5.2' }], 'HIGH'), modified: '2026-12-02T00:00:00Z' };
  const res = await fetch(`${scannerUrl}/v1/advisories`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(late) });
  const body = (await res.json()) as { affected: { artifactDigest: string; version: string; environments: unknown[] }[] };
  say(`POST /v1/advisories (TGDEMO-2026-0002, high, on @nestjs/core <12.5.2, published after the build) -> ${res.status}, ${body.affected.length} stored artifact(s) affected`);
  for (const a of body.affected.filter((x) => x.artifactDigest === digest)) say(`  ${a.artifactDigest.slice(0, 19)}… ships @nestjs/core ${a.version}; vulnerability.detected raised`);
  return res.status === 201 && body.affected.some((a) => a.artifactDigest === digest);
}
