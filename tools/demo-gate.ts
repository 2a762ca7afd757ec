import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface Gate {
  artifactDigest: string;
  status: string;
  decision?: { verdict: string; policy: { name: string; version: string; digest: string }; blockingFailures: string[]; warnings: string[]; rules: { id: string; outcome: string; violations: unknown[] }[] };
}

/** Waits for the run's gate, prints the decision, and checks that a pass brought the signer's verification summary. */
export async function showGate(policyUrl: string, signerUrl: string, runUrl: string, digest: string, say: (line: string) => void): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  let gate: Gate | undefined;
  while (Date.now() < deadline && !gate?.decision) {
    const res = await fetch(`${policyUrl}/v1/gates/${encodeURIComponent(runUrl)}`);
    if (res.ok) gate = ((await res.json()) as { gates: Gate[] }).gates.find((g) => g.artifactDigest === digest);
    if (!gate?.decision) await new Promise((r) => setTimeout(r, 250));
  }
  if (!gate?.decision) {
    say('WARNING: the gate did not decide within 60 s');
    return false;
  }
  const d = gate.decision;
  say(`GET /v1/gates/<run> -> ${d.verdict.toUpperCase()} under ${d.policy.name} ${d.policy.version} (${d.policy.digest.slice(0, 19)}…)`);
  for (const rule of d.rules.filter((r) => r.outcome !== 'pass')) say(`  ${rule.outcome.padEnd(4)} ${rule.id}: ${rule.violations.length} item(s)`);
  if (d.verdict !== 'pass') return true;
  const vsaDeadline = Date.now() + 30_000;
  while (Date.now() < vsaDeadline) {
    const res = await fetch(`${signerUrl}/v1/artifacts/${digest}/attestations`);
    const vsa = res.ok ? ((await res.json()) as { attestations: { predicateType: string; bundleDigest: string }[] }).attestations.find((a) => a.predicateType.includes('verification_summary')) : undefined;
    if (vsa) {
      say(`signer: SLSA verification summary issued for the passed gate, bundle ${vsa.bundleDigest.slice(0, 19)}…`);
      return true;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  say('WARNING: no verification summary after the gate passed');
  return false;
}

/** The decision log as an auditor checks it: the chain, and its checkpoints against the published keys. */
export async function showDecisionLog(signerUrl: string, databaseUrl: string, say: (line: string) => void): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-demo-audit-'));
  try {
    writeFileSync(join(dir, 'keys.json'), await (await fetch(`${signerUrl}/v1/keys`)).text());
    // The engine signs its head every second: give it the time to sign this run's decision.
    await new Promise((r) => setTimeout(r, 2500));
    const cli = resolve(__dirname, 'bin/tollgate.js');
    const audit = spawnSync(process.execPath, [cli, 'audit', 'verify', '--schema', 'policy', '--database-url', databaseUrl, '--keys', join(dir, 'keys.json')], { encoding: 'utf8' });
    say(`tollgate audit verify --schema policy --keys <GET /v1/keys> -> exit ${audit.status}`);
    for (const line of `${audit.stdout}${audit.stderr}`.trim().split('\n')) say(`  ${line}`);
    return audit.status === 0 && audit.stdout.includes('checkpoints verified');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
