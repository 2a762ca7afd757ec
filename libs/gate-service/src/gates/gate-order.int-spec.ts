import { randomBytes } from 'node:crypto';
import {
  AttestationSigner,
  buildProvenanceStatement,
  buildSbomStatement,
  CYCLONEDX_PREDICATE_TYPE,
  InProcessKeySigner,
  SLSA_PROVENANCE_PREDICATE_TYPE,
  trustPolicySchema,
  type SignedAttestation,
} from '@tollgate/attestation';
import { AuditLog } from '@tollgate/audit';
import { buildEvent, type TollgateEvent } from '@tollgate/events';
import { Outbox } from '@tollgate/messaging';
import { defaultPolicyPack } from '@tollgate/policy';
import { createTestDataSource, type TestDataSource } from '@tollgate/testing';
import type { EvidenceSources } from '../evidence/evidence-assembly';
import { GATE_ENTITIES, GATE_MIGRATIONS } from '../persistence/gate.data-model';
import { GateService } from './gate.service';

const JENKINS = 'https://jenkins.example.internal';
const RUN = `${JENKINS}/job/pumps/job/pump-ui/7/`;
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const SBOM_DIGEST = `sha256:${'cd'.repeat(32)}`;
const REPO = 'https://git.example.internal/pumps/pump-ui';
const NOW = new Date('2026-12-01T10:10:00Z');

/** The evidence of one clean build, as the services publish it. */
async function buildEvidence(): Promise<{ events: TollgateEvent[]; bundles: SignedAttestation[]; key: InProcessKeySigner }> {
  const key = new InProcessKeySigner('tollgate-signing');
  const signer = AttestationSigner.withKey(key);
  const artifact = { name: 'pkg:generic/pump-ui@1.0.0', digest: DIGEST };
  const bundles = [
    await signer.sign(
      buildProvenanceStatement({
        artifact,
        jenkins: { controllerUrl: `${JENKINS}/`, pipeline: 'pumps/pump-ui', runUrl: RUN },
        source: { repository: REPO, ref: 'refs/heads/main', commit: randomBytes(20).toString('hex') },
        startedOn: '2026-12-01T10:00:00Z',
        finishedOn: '2026-12-01T10:04:00Z',
      }),
    ),
    await signer.sign(buildSbomStatement({ artifact, bom: { bomFormat: 'CycloneDX', specVersion: '1.6', components: [] } })),
  ];
  const common = { pipelineRunId: RUN, subjectId: artifact.name, time: NOW };
  const scan = (scanner: string, kind: 'iac' | 'secret' | 'vulnerability', n: number) =>
    buildEvent('scan.completed', {
      ...common,
      source: '/tollgate/scanner-runner',
      id: `scan-${n}`,
      ...(kind === 'vulnerability' && { artifactDigest: DIGEST }),
      content: { scanner, kind, findingCounts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } },
      customData: { scanId: `00000000-0000-4000-8000-00000000000${n}`, target: kind === 'vulnerability' ? `sbom:${DIGEST}` : `${REPO}@abc1234` },
    });
  const events = [
    buildEvent('artifact.packaged', { ...common, source: '/ci/jenkins', id: 'packaged', artifactDigest: DIGEST, content: { change: { id: 'abc1234', source: REPO } } }),
    buildEvent('credentials.issued', { ...common, source: '/tollgate/credential-broker', id: 'issued', content: { leaseId: 'lease-1', role: 'pumps-ci', engine: 'database', path: 'database/creds/inventory-read', secretName: 'inventory-db', delivery: 'direct', ttlSeconds: 600, expiresAt: '2026-12-01T10:20:00Z' } }),
    scan('tollgate-iac', 'iac', 1),
    scan('tollgate-secrets', 'secret', 2),
    scan('tollgate-osv', 'vulnerability', 3),
    buildEvent('sbom.generated', {
      ...common,
      source: '/tollgate/sbom-builder',
      id: 'sbom',
      artifactDigest: DIGEST,
      content: { sbomDigest: SBOM_DIGEST, format: 'cyclonedx', componentCount: 1, componentsByEcosystem: { npm: 1 }, artifactDigest: DIGEST },
    }),
    buildEvent('artifact.signed', {
      ...common,
      source: '/tollgate/signer',
      id: 'signed',
      artifactDigest: DIGEST,
      content: { signature: bundles[0].bundleDigest },
      customData: { bundles: bundles.map((b) => ({ predicateType: b.predicateType, digest: b.bundleDigest })) },
    }),
  ];
  return { events, bundles, key };
}

describe(`${GateService.name} with evidence in any order`, () => {
  let db: TestDataSource | undefined;
  afterEach(async () => db?.destroy());

  async function decide(order: TollgateEvent[], fixtures: Awaited<ReturnType<typeof buildEvidence>>): Promise<unknown[]> {
    db = await createTestDataSource({ entities: GATE_ENTITIES, migrations: GATE_MIGRATIONS });
    const sources: EvidenceSources = {
      sbomComponents: async () => [{ purl: 'pkg:npm/ms@2.1.3', name: 'ms', version: '2.1.3', ecosystem: 'npm', licenses: ['MIT'], scope: 'required' }],
      findingsOfScans: async () => new Map(),
      bundles: async () => new Map(fixtures.bundles.map((b) => [b.bundleDigest, b.bundle])),
    };
    const trust = trustPolicySchema.parse({
      keys: fixtures.key.trustedKeys(),
      predicateTypes: [SLSA_PROVENANCE_PREDICATE_TYPE, CYCLONEDX_PREDICATE_TYPE],
      provenance: { builderIds: [`${JENKINS}/job/pumps/*`], sources: [{ repository: REPO, refs: ['refs/heads/main'] }] },
    });
    const gates = new GateService({ pack: () => defaultPolicyPack(), sources, trust, audit: new AuditLog(), socEndpoints: [], productVersion: 'test', clock: () => NOW });
    const outbox = new Outbox();
    for (const event of order) {
      await db.dataSource.transaction((manager) => (event.type.includes('artifact.packaged') ? gates.openGate(event, { manager, outbox }) : gates.onEvidence(event, { manager, outbox })));
    }
    return db.dataSource.query(`SELECT status, decision FROM gate`);
  }

  it('decides the same, once, whatever order and however often the evidence arrives', async () => {
    const fixtures = await buildEvidence();
    const [packaged, ...rest] = fixtures.events;
    const orders = [
      fixtures.events,
      [...rest].reverse().concat(packaged),
      [rest[3], rest[0], packaged, rest[5], rest[1], rest[4], rest[2]],
      [packaged, packaged, ...rest, ...rest.reverse()],
    ];
    const decisions = [];
    for (const order of orders) {
      const gates = await decide(order, fixtures);
      expect(gates).toHaveLength(1);
      decisions.push(JSON.stringify(gates[0]));
      await db!.destroy();
      db = undefined;
    }
    expect(new Set(decisions).size).toBe(1);
    expect(JSON.parse(decisions[0]).status).toBe('passed');
  });
});
