import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve(__dirname, 'bin/tollgate.js');

interface Attestation {
  predicateType: string;
  bundleDigest: string;
  keyHint: string;
  bundle: object;
}

/**
 * Waits for the artifact's signed attestations, then checks them as a verifier
 * outside Tollgate would: the public keys from GET /v1/keys, a trust policy
 * naming the Jenkins job and the repository, and `tollgate verify` offline.
 */
export async function showSignatures(signerUrl: string, digest: string, run: { runUrl: string; repository: string }, say: (line: string) => void): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  let attestations: Attestation[] = [];
  while (Date.now() < deadline && attestations.length < 2) {
    const res = await fetch(`${signerUrl}/v1/artifacts/${digest}/attestations`);
    // The build's attestations; a verification summary comes later, with the gate (demo-gate.ts).
    if (res.ok) attestations = ((await res.json()) as { attestations: Attestation[] }).attestations.filter((a) => !a.predicateType.includes('verification_summary'));
    if (attestations.length < 2) await new Promise((r) => setTimeout(r, 250));
  }
  if (attestations.length < 2) {
    say('WARNING: the artifact was not signed within 60 s');
    return false;
  }
  for (const a of attestations) say(`GET /v1/artifacts/${digest.slice(0, 19)}…/attestations -> ${a.predicateType} signed by ${a.keyHint}, bundle ${a.bundleDigest.slice(0, 19)}…`);
  const keys = ((await (await fetch(`${signerUrl}/v1/keys`)).json()) as { keys: { name: string; version: number; status: string; pem: string }[] }).keys;
  const builder = run.runUrl.replace(/\/\d+\/?$/, '');
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-demo-verify-'));
  try {
    writeFileSync(
      join(dir, 'trust-policy.json'),
      JSON.stringify({
        keys: keys.map((k) => ({ name: k.name, version: k.version, status: k.status, publicKey: k.pem })),
        predicateTypes: attestations.map((a) => a.predicateType),
        provenance: { builderIds: [builder], sources: [{ repository: run.repository, refs: ['refs/heads/main'] }] },
      }),
    );
    const bundles = attestations.flatMap((a, i) => {
      writeFileSync(join(dir, `${i}.bundle.json`), JSON.stringify(a.bundle));
      return ['--bundle', join(dir, `${i}.bundle.json`)];
    });
    const verify = spawnSync(process.execPath, [CLI, 'verify', digest, ...bundles, '--policy', join(dir, 'trust-policy.json')], { encoding: 'utf8' });
    say(`tollgate verify ${digest.slice(0, 19)}… (${attestations.length} bundles, builder ${builder}) -> exit ${verify.status}`);
    for (const line of `${verify.stdout}${verify.stderr}`.trim().split('\n')) say(`  ${line}`);
    return verify.status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
