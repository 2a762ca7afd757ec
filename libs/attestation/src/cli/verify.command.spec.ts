import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { CliIo } from '@tollgate/event-client';
import { AttestationSigner } from '../signing/attestation-signer';
import { buildSbomStatement } from '../statement/cyclonedx-sbom';
import { buildProvenanceStatement } from '../statement/slsa-provenance';
import { buildVsaStatement } from '../statement/verification-summary';
import { digestOf, provenanceInput, sbomInput, trustPolicy, vsaInput } from '../testing/attestation-fixtures';
import { InProcessKeySigner } from '../testing/in-process-key-signer';
import { verifyCommand } from './verify.command';
import { VERIFY_USAGE } from './verify-usage';

const DIGEST = digestOf('api-image');

function captureIo(): CliIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: { write: (chunk: string) => out.push(chunk) },
    stderr: { write: (chunk: string) => err.push(chunk) },
    stdin: (async function* () {})(),
    env: {},
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe(verifyCommand.name, () => {
  let dir: string;
  const path = (name: string): string => join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-verify-'));
    const key = new InProcessKeySigner('tollgate-attest', 'ecdsa-p256');
    const signer = AttestationSigner.withKey(key);
    const write = async (name: string, text: string): Promise<void> => writeFile(path(name), text);
    await write('policy.yaml', stringify(trustPolicy(key.trustedKeys())));
    await write('provenance.sigstore.json', (await signer.sign(buildProvenanceStatement(provenanceInput(DIGEST)))).bundleJson);
    await write('sbom.sigstore.json', (await signer.sign(buildSbomStatement(sbomInput(DIGEST)))).bundleJson);
    await write('vsa-failed.sigstore.json', (await signer.sign(buildVsaStatement(vsaInput(DIGEST, { verificationResult: 'FAILED' })))).bundleJson);
    await write('bad-policy.yaml', 'keys: []\n');
  });
  afterAll(() => rm(dir, { recursive: true }));

  it('prints "verified: …" for each bundle and exits 0 when all verify', async () => {
    const io = captureIo();
    const code = await verifyCommand([DIGEST, '--bundle', path('provenance.sigstore.json'), '--bundle', path('sbom.sigstore.json'), '--policy', path('policy.yaml')], io);
    expect(code).toBe(0);
    expect(io.out().split('\n')).toEqual([
      expect.stringMatching(/^verified: SLSA provenance \(builder https:\/\/jenkins\.example\.test\/job\/payments\/job\/api, .* signed by tollgate-attest:v1 \(active\)$/),
      `verified: CycloneDX 1.6 SBOM (2 components) for ${DIGEST} (registry.example.test/payments/api), signed by tollgate-attest:v1 (active)`,
      '',
    ]);
    expect(io.err()).toBe('');
  });

  it('prints the failing check code and message and exits 1', async () => {
    const io = captureIo();
    const other = digestOf('other-image');
    expect(await verifyCommand([other, '--bundle', path('provenance.sigstore.json'), '--policy', path('policy.yaml')], io)).toBe(1);
    expect(io.err()).toBe(`tollgate: ${path('provenance.sigstore.json')}: SUBJECT_MISMATCH: the statement is about ${DIGEST}, not ${other}\n`);
    expect(io.out()).toBe('');
  });

  it('reports every bundle as JSON with --json, exiting 1 if any fails', async () => {
    const io = captureIo();
    const code = await verifyCommand([DIGEST, '--bundle', path('sbom.sigstore.json'), '--bundle', path('vsa-failed.sigstore.json'), '--policy', path('policy.yaml'), '--json'], io);
    expect(code).toBe(1);
    const report = JSON.parse(io.out()) as { verified: boolean; results: { verified: boolean; code?: string; keyHint?: string }[] };
    expect(report.verified).toBe(false);
    expect(report.results).toEqual([
      expect.objectContaining({ verified: true, predicateType: 'https://cyclonedx.org/bom', keyHint: 'tollgate-attest:v1', sbom: { components: 2, specVersion: '1.6' } }),
      expect.objectContaining({ verified: false, code: 'VSA_FAILED', bundle: path('vsa-failed.sigstore.json') }),
    ]);
  });

  it('narrows to one predicate type with --predicate-type', async () => {
    const io = captureIo();
    const args = [DIGEST, '--bundle', path('sbom.sigstore.json'), '--policy', path('policy.yaml'), '--predicate-type', 'https://slsa.dev/verification_summary/v1'];
    expect(await verifyCommand(args, io)).toBe(1);
    expect(io.err()).toContain('PREDICATE_TYPE_UNEXPECTED: predicateType is "https://cyclonedx.org/bom"; expected "https://slsa.dev/verification_summary/v1"');
  });

  it.each([
    [[], 'missing <digest>'],
    [['sha256:abc', '--bundle', 'b', '--policy', 'p'], '<digest> must be sha256:<64 hex>, got "sha256:abc"'],
    [[DIGEST, '--policy', 'p'], 'missing --bundle <file>'],
    [[DIGEST, '--bundle', 'b'], 'missing --policy <file>'],
    [[DIGEST, '--bundle', 'b', '--policy', 'p', '--colour'], "Unknown option '--colour'"],
  ])('exits 2 with the usage for %j', async (args, message) => {
    const io = captureIo();
    expect(await verifyCommand(args, io)).toBe(2);
    expect(io.err()).toContain(`tollgate: ${message}`);
    expect(io.err()).toContain(VERIFY_USAGE);
  });

  it('exits 2 naming the file when the policy is invalid or a bundle file is missing', async () => {
    const invalid = captureIo();
    expect(await verifyCommand([DIGEST, '--bundle', path('sbom.sigstore.json'), '--policy', path('bad-policy.yaml')], invalid)).toBe(2);
    expect(invalid.err()).toContain(`tollgate: ${path('bad-policy.yaml')} is invalid:\n  keys: expected at least 1 item, got 0 items`);
    const missing = captureIo();
    expect(await verifyCommand([DIGEST, '--bundle', path('nope.json'), '--policy', path('policy.yaml')], missing)).toBe(2);
    expect(missing.err()).toContain(`tollgate: cannot read bundle ${path('nope.json')}: ENOENT`);
  });

  it('prints the usage and exits 0 for --help', async () => {
    const io = captureIo();
    expect(await verifyCommand(['--help'], io)).toBe(0);
    expect(io.out()).toBe(VERIFY_USAGE);
  });
});
