import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { trustPolicy } from '../testing/attestation-fixtures';
import { InProcessKeySigner } from '../testing/in-process-key-signer';
import { loadTrustPolicyFile, parseTrustPolicy, TrustPolicyError } from './load-trust-policy';

describe(parseTrustPolicy.name, () => {
  const key = new InProcessKeySigner('tollgate-attest');

  it('reads a YAML policy with pinned key versions and their status', () => {
    const policy = parseTrustPolicy(stringify(trustPolicy(key.trustedKeys())));
    expect(policy.keys).toEqual([{ name: 'tollgate-attest', version: 1, status: 'active', publicKey: key.publicKeyPem(1) }]);
    expect(policy.provenance?.sources[0].refs).toEqual(['refs/heads/main', 'refs/tags/v*']);
  });

  it('names every bad field: unknown status, a non-key, unknown properties', () => {
    const keys = [...key.trustedKeys(), { name: 'tollgate-attest', version: 1, status: 'revoked', publicKey: 'not a key' }];
    const text = stringify({ ...trustPolicy(keys as never), extra: true });
    expect(() => parseTrustPolicy(text, 'policy.yaml')).toThrow(TrustPolicyError);
    expect(() => parseTrustPolicy(text, 'policy.yaml')).toThrow(
      [
        'policy.yaml is invalid:',
        '  keys[1].status: expected one of active|retired, got "revoked"',
        '  keys[1].publicKey: expected PEM public key (ECDSA P-256 or Ed25519), got "not a key"',
        '  extra: expected no such property, got boolean',
      ].join('\n'),
    );
  });

  it('refuses to accept provenance without saying which builders and sources are allowed', () => {
    const { provenance: _omitted, ...policy } = trustPolicy(key.trustedKeys());
    expect(() => parseTrustPolicy(stringify(policy))).toThrow('provenance: expected a provenance section (builderIds, sources) since predicateTypes lists https://slsa.dev/provenance/v1, got missing');
  });

  it('refuses the same key version listed twice', () => {
    expect(() => parseTrustPolicy(stringify(trustPolicy([...key.trustedKeys(), ...key.trustedKeys()])))).toThrow(
      'keys[1]: expected one entry per key version (tollgate-attest:v1 is listed twice)',
    );
  });

  it('says when the file is not YAML', () => {
    expect(() => parseTrustPolicy('keys: [', 'p.yaml')).toThrow(/^p\.yaml: not valid YAML: /);
  });
});

describe(loadTrustPolicyFile.name, () => {
  it('loads a file, and names a file it cannot read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trust-policy-'));
    try {
      const path = join(dir, 'policy.yaml');
      await writeFile(path, stringify(trustPolicy(new InProcessKeySigner('k').trustedKeys())));
      await expect(loadTrustPolicyFile(path)).resolves.toMatchObject({ keys: [{ name: 'k', version: 1 }] });
      await expect(loadTrustPolicyFile(join(dir, 'missing.yaml'))).rejects.toThrow(`cannot read trust policy ${join(dir, 'missing.yaml')}: ENOENT`);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
