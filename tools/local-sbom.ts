import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
/** A real npm project of 1,096 installed packages (the SBOM lib's large fixture). */
const DEMO_PROJECT = join(ROOT, 'libs/sbom/src/lockfiles/npm/fixtures/large');

/**
 * The demo's "firmware" source: a local git repository holding a real
 * lockfile, so the SBOM builder reads a real commit (file:// like any remote).
 * Made once under .tollgate/ and reused.
 */
export function ensureDemoSource(): { repository: string; commit: string } {
  const repo = join(ROOT, '.tollgate', 'demo-source');
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', repo, '-c', 'user.email=demo@example.internal', '-c', 'user.name=Tollgate demo', ...args], { encoding: 'utf8' }).trim();
  if (!existsSync(join(repo, '.git'))) {
    mkdirSync(repo, { recursive: true });
    cpSync(DEMO_PROJECT, repo, { recursive: true });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'infusion pump firmware UI: locked dependencies');
  }
  return { repository: `file://${repo}`, commit: git('rev-parse', 'HEAD') };
}

/** A sample FDA support policy: a few rules and the justification for everything else. */
export function ensureDemoSupportPolicy(): string {
  const file = join(ROOT, '.tollgate', 'support-policy.yaml');
  if (!existsSync(file)) {
    writeFileSync(
      file,
      `# Generated for the demo; a real one is maintained by the quality team.
default:
  justification: "supplier publishes no support policy; monitored through advisories and the SBOM index"
rules:
  - { match: "pkg:npm/@nestjs/*", supplier: "NestJS", level: active, endOfSupport: "2027-12-31" }
  - { match: "pkg:npm/@angular/*", supplier: "Google Angular team", level: active, endOfSupport: "2027-05-31" }
  - { match: "pkg:npm/aws-sdk", supplier: "Amazon Web Services", level: end-of-life, endOfSupport: "2025-09-08", justification: "v2 SDK in maintenance-only since 2024; migration to v3 planned" }
`,
    );
  }
  return file;
}
