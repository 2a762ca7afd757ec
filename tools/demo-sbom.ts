import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve(__dirname, 'bin/tollgate.js');

/** Waits for the packaged artifact's SBOM, then asks what a reviewer would ask of it. */
export async function showSbom(sbomUrl: string, digest: string, say: (line: string) => void): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  let document: string | undefined;
  while (Date.now() < deadline) {
    const res = await fetch(`${sbomUrl}/v1/artifacts/${digest}/sbom`);
    if (res.ok) {
      document = await res.text();
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!document) {
    say('WARNING: no SBOM was stored for the artifact within 60 s');
    return false;
  }
  const doc = JSON.parse(document) as { components: unknown[]; metadata: { component: { name: string } } };
  say(`GET /v1/artifacts/${digest.slice(0, 19)}…/sbom -> CycloneDX 1.6, ${doc.components.length} components of ${doc.metadata.component.name}`);
  const cli = (args: string[]): string => {
    const run = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, TOLLGATE_SBOM_URL: sbomUrl }, encoding: 'utf8' });
    return `${run.stdout}${run.stderr}`.trim();
  };
  say(`tollgate sbom query pkg:npm/rxjs --range '<8'`);
  for (const line of cli(['sbom', 'query', 'pkg:npm/rxjs', '--range', '<8']).split('\n')) say(`  ${line}`);
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-demo-'));
  try {
    writeFileSync(join(dir, 'sbom.cdx.json'), document);
    const report = cli(['sbom', 'fda-report', join(dir, 'sbom.cdx.json'), '--format', 'markdown']).split('\n');
    say(`tollgate sbom fda-report (first rows of ${report.length - 2})`);
    for (const line of report.filter((l) => /aws-sdk@|%40nestjs\/core@|Component|---/.test(l)).slice(0, 5)) say(`  ${line.length > 160 ? `${line.slice(0, 157)}…` : line}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return true;
}
