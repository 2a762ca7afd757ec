/* eslint-disable @typescript-eslint/no-explicit-any -- responses and events are inspected as plain JSON */
import { createHash, createPublicKey, verify } from 'node:crypto';
import {
  AttestationVerifier,
  CYCLONEDX_PREDICATE_TYPE,
  SLSA_PROVENANCE_PREDICATE_TYPE,
  SLSA_VSA_PREDICATE_TYPE,
  trustPolicySchema,
  type TrustPolicyInput,
} from '@tollgate/attestation';
import { buildEvent } from '@tollgate/events';
import { startSignerHarness, type SignerHarness } from './testing/signer-harness';
import { eventually } from '@tollgate/testing';

const digestOf = (label: string): string => `sha256:${createHash('sha256').update(label).digest('hex')}`;
const JENKINS = 'https://jenkins.pumps.example.internal';


/** DSSE as any cosign-style verifier checks it: PAE over the payload, the signature, the public key. No Tollgate code. */
function dsseVerifiesWithPlainCrypto(bundle: any, publicKeyPem: string): boolean {
  const { payload, payloadType, signatures } = bundle.dsseEnvelope;
  const body = Buffer.from(payload, 'base64');
  const pae = Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(payloadType)} ${payloadType} ${body.length} `), body]);
  return verify('sha256', pae, createPublicKey(publicKeyPem), Buffer.from(signatures[0].sig, 'base64'));
}

describe('signer (end to end: real broker and SBOM builder processes, real NATS and Postgres)', () => {
  let h: SignerHarness;
  const get = async (path: string) => {
    const res = await fetch(`${h.signer.url}${path}`);
    return { status: res.status, body: (await res.json()) as any };
  };
  const eventsOf = async (type: string, digest: string) => (await h.artifactEvents()).filter((e) => e.type.includes(type) && e.artifactdigest === digest);
  async function trustPolicy(extra: Partial<TrustPolicyInput> = {}) {
    const keys = (await get('/v1/keys')).body.keys.map((k: any) => ({ name: k.name, version: k.version, status: k.status, publicKey: k.pem }));
    return trustPolicySchema.parse({
      keys,
      predicateTypes: [SLSA_PROVENANCE_PREDICATE_TYPE, CYCLONEDX_PREDICATE_TYPE],
      provenance: { builderIds: [`${JENKINS}/job/pumps/job/*`], sources: [{ repository: `file://${h.repository}`, refs: ['refs/heads/main'] }] },
      ...extra,
    });
  }

  beforeAll(async () => {
    h = await startSignerHarness({ maxDeliver: 3 });
  });
  afterAll(async () => h?.close());

  it('signs provenance and the SBOM of a packaged artifact; both bundles verify, and with plain node:crypto', async () => {
    const digest = digestOf('pump-ui-2.4.0');
    const run = `${JENKINS}/job/pumps/job/infusion-pump-ui/42/`;
    await h.announceBuild(run, digest);

    const [signed] = await eventually(async () => ((await eventsOf('artifact.signed', digest)).length ? eventsOf('artifact.signed', digest) : undefined), 'artifact.signed');
    const { body } = await get(`/v1/artifacts/${digest}/attestations`);
    const byType = Object.fromEntries(body.attestations.map((a: any) => [a.predicateType, a]));
    expect(Object.keys(byType).sort()).toEqual([CYCLONEDX_PREDICATE_TYPE, SLSA_PROVENANCE_PREDICATE_TYPE].sort());
    expect(signed.data.subject.content.signature).toBe(byType[SLSA_PROVENANCE_PREDICATE_TYPE].bundleDigest);
    expect(signed.data.customData.bundles.map((b: any) => b.digest).sort()).toEqual(body.attestations.map((a: any) => a.bundleDigest).sort());
    expect(signed.pipelinerunid).toBe(run);

    const verifier = new AttestationVerifier(await trustPolicy());
    const provenance = verifier.verify({ bundle: byType[SLSA_PROVENANCE_PREDICATE_TYPE].bundle, digest });
    expect(provenance.statement.predicate).toMatchObject({
      buildDefinition: { externalParameters: { repository: `file://${h.repository}`, ref: 'refs/heads/main', commit: h.commit } },
      runDetails: { builder: { id: `${JENKINS}/job/pumps/job/infusion-pump-ui` }, metadata: { invocationId: run } },
    });
    const sbom = verifier.verify({ bundle: byType[CYCLONEDX_PREDICATE_TYPE].bundle, digest });
    expect((sbom.statement.predicate as any).components.map((c: any) => c.purl)).toContain('pkg:npm/ms@2.0.0');
    // Stored bytes are what the digest addresses.
    for (const a of body.attestations) expect(`sha256:${createHash('sha256').update(JSON.stringify(a.bundle)).digest('hex')}`).toBe(a.bundleDigest);

    const key = (await get('/v1/keys')).body.keys.find((k: any) => `${k.name}:v${k.version}` === byType[SLSA_PROVENANCE_PREDICATE_TYPE].keyHint);
    expect(dsseVerifiesWithPlainCrypto(byType[SLSA_PROVENANCE_PREDICATE_TYPE].bundle, key.pem)).toBe(true);
    expect(dsseVerifiesWithPlainCrypto(byType[CYCLONEDX_PREDICATE_TYPE].bundle, key.pem)).toBe(true);
  });

  it('issues a verification summary on gate.passed that verifies, and nothing on gate.failed', async () => {
    const passed = digestOf('pump-ui-2.4.0');
    const failed = digestOf('pump-ui-2.4.0-failed');
    const policy = { name: 'tollgate-default', version: '1.0.0', digest: digestOf('pack') };
    const gate = (key: 'gate.passed' | 'gate.failed', digest: string, content: any) =>
      buildEvent(key, { source: '/tollgate/policy-engine', subjectId: 'pkg:generic/infusion-pump-ui@2.4.0', pipelineRunId: 'run-gate', artifactDigest: digest, content });
    await h.publish(gate('gate.failed', failed, { policy, reasons: ['TG-TF-001 main.tf:12 public bucket: set block_public_acls = true'] }));
    await h.publish(gate('gate.passed', passed, { policy, reasons: [] }));

    const [issued] = await eventually(async () => ((await eventsOf('vsa.issued', passed)).length ? eventsOf('vsa.issued', passed) : undefined), 'vsa.issued');
    const vsa = (await get(`/v1/artifacts/${passed}/attestations`)).body.attestations.find((a: any) => a.predicateType === SLSA_VSA_PREDICATE_TYPE);
    expect(issued.data.subject.content.bundleDigest).toBe(vsa.bundleDigest);
    const verifier = new AttestationVerifier(await trustPolicy({ predicateTypes: [SLSA_VSA_PREDICATE_TYPE], provenance: undefined, vsa: { verifierIds: ['urn:tollgate:signer'] } }));
    const verified = verifier.verify({ bundle: vsa.bundle, digest: passed, predicateType: SLSA_VSA_PREDICATE_TYPE });
    expect(verified.statement.predicate).toMatchObject({ verificationResult: 'PASSED', policy: { uri: 'urn:tollgate:policy:tollgate-default:1.0.0' } });
    expect((await get(`/v1/artifacts/${failed}/attestations`)).status).toBe(404);
  });

  it('signs nothing while the broker is down and tells the gate with signing.failed; signs again once it is back', async () => {
    await h.stopBroker();
    const digest = digestOf('pump-ui-2.4.1');
    await h.announceBuild(`${JENKINS}/job/pumps/job/infusion-pump-ui/43/`, digest);

    const [failure] = await eventually(async () => ((await eventsOf('signing.failed', digest)).length ? eventsOf('signing.failed', digest) : undefined), 'signing.failed');
    expect(failure.data.subject.content).toMatchObject({ code: 'SIGNER_UNAVAILABLE', artifactDigest: digest, predicateTypes: [SLSA_PROVENANCE_PREDICATE_TYPE, CYCLONEDX_PREDICATE_TYPE] });
    expect(await eventsOf('artifact.signed', digest)).toEqual([]);
    expect((await get(`/v1/artifacts/${digest}/attestations`)).status).toBe(404);

    await h.startBroker();
    const next = digestOf('pump-ui-2.4.2');
    await h.announceBuild(`${JENKINS}/job/pumps/job/infusion-pump-ui/44/`, next);
    await eventually(async () => ((await eventsOf('artifact.signed', next)).length ? true : undefined), 'artifact.signed after the broker is back');
  });

  it('keeps bundles signed before a key rotation verifiable, and signs new ones with the new version', async () => {
    const before = digestOf('pump-ui-2.5.0');
    await h.announceBuild(`${JENKINS}/job/pumps/job/infusion-pump-ui/50/`, before);
    await eventually(async () => ((await eventsOf('artifact.signed', before)).length ? true : undefined), 'artifact.signed before rotation');
    const oldBundles = (await get(`/v1/artifacts/${before}/attestations`)).body.attestations;
    const oldHint = oldBundles[0].keyHint as string;

    expect(await h.rotateSigningKey()).toMatch(/now signing with version \d+/);
    const after = digestOf('pump-ui-2.5.1');
    await h.announceBuild(`${JENKINS}/job/pumps/job/infusion-pump-ui/51/`, after);
    await eventually(async () => ((await eventsOf('artifact.signed', after)).length ? true : undefined), 'artifact.signed after rotation');
    const newBundles = (await get(`/v1/artifacts/${after}/attestations`)).body.attestations;

    const version = (hint: string) => Number(hint.split(':v')[1]);
    expect(newBundles.map((b: any) => version(b.keyHint))).toEqual(newBundles.map(() => version(oldHint) + 1));
    const verifier = new AttestationVerifier(await trustPolicy());
    for (const b of oldBundles) expect(verifier.verify({ bundle: b.bundle, digest: before }).keyHint).toBe(oldHint);
    for (const b of newBundles) expect(verifier.verify({ bundle: b.bundle, digest: after }).keyHint).toBe(b.keyHint);
  });

  it('holds no key material: not in its config, its events or its logs', async () => {
    const seen = [JSON.stringify(h.signer.runtime.config), JSON.stringify(await h.artifactEvents()), h.logLines.join('\n')].join('\n');
    expect(seen).not.toMatch(/PRIVATE KEY/);
    expect(seen).not.toContain(h.secrets.kek);
    expect(seen).not.toContain(h.secrets.token);
    // The logs were captured (the checks above are not vacuous): the broker outage was logged.
    expect(h.logLines.filter((line) => line.includes('credential broker at') && line.includes('unreachable')).length).toBeGreaterThan(0);
  });
});
