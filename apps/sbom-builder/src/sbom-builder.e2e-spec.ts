/* eslint-disable @typescript-eslint/no-explicit-any -- responses and events are inspected as plain JSON */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildEvent, encodeEvent, subjectOf, type TollgateEvent } from '@tollgate/events';
import { DLQ_HEADERS, JetStreamConnection } from '@tollgate/messaging';
import {
  createTestDataSource,
  deleteStreamsWithPrefix,
  readFileTree,
  readStreamMessages,
  readStreamPayloads,
  sharedNatsUrl,
  startDockerRegistry,
  uniqueName,
  writeOciLayout,
  type DockerRegistry,
  type TestDataSource,
  eventually,
} from '@tollgate/testing';
import { startSbomBuilder, type RunningSbomBuilder } from './bootstrap';
import { loadSbomBuilderConfig } from './sbom-builder.config';
import { SBOM_SERVICE_ENTITIES, SBOM_SERVICE_MIGRATIONS } from '@tollgate/sbom-service';

// A real yarn project (lockfile written by yarn 1.22) from the SBOM lib's reader fixtures.
const PROJECT = resolve(__dirname, '../../../libs/sbom/src/lockfiles/yarn/fixtures/classic');
// An Alpine base layer (apk database) from the image reader's fixtures.
const ALPINE_LAYER = resolve(__dirname, '../../../libs/sbom/src/image/fixtures/alpine-image/layer-0');
const digestOf = (label: string): string => `sha256:${createHash('sha256').update(label).digest('hex')}`;


describe('sbom-builder (end to end over real NATS and Postgres)', () => {
  let db: TestDataSource;
  let builder: RunningSbomBuilder;
  let publisher: JetStreamConnection;
  let dir: string;
  let repo: string;
  let commit: string;
  let registry: DockerRegistry;
  const natsUrl = sharedNatsUrl();
  const streamPrefix = `${uniqueName('sb').toUpperCase()}_`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tollgate-sbom-e2e-'));
    repo = join(dir, 'pump-ui');
    cpSync(PROJECT, repo, { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.email=ci@example.internal', '-c', 'user.name=ci', ...args], { encoding: 'utf8' }).trim();
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'release 2.4.0');
    commit = git('rev-parse', 'HEAD');
    registry = await startDockerRegistry();
    db = await createTestDataSource({ entities: SBOM_SERVICE_ENTITIES, migrations: SBOM_SERVICE_MIGRATIONS });
    const subjectPrefix = `${streamPrefix.toLowerCase()}.`;
    builder = await startSbomBuilder(
      loadSbomBuilderConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        NATS_URL: natsUrl,
        DATABASE_URL: db.url,
        DATABASE_SCHEMA: db.schema,
        LOG_LEVEL: 'silent',
        TOLLGATE_SUBJECT_PREFIX: subjectPrefix,
        TOLLGATE_STREAM_PREFIX: streamPrefix,
        SBOM_INSECURE_REGISTRIES: registry.host,
      }),
    );
    publisher = await JetStreamConnection.connect({ servers: natsUrl, name: 'sbom-e2e', subjectPrefix, streamPrefix });
  });

  afterAll(async () => {
    await builder?.close();
    await publisher?.drain();
    await db?.destroy();
    await deleteStreamsWithPrefix(natsUrl, streamPrefix);
    await registry?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function packaged(digest: string, run: string, source = `file://${repo}`, id?: string): TollgateEvent {
    return buildEvent('artifact.packaged', {
      source: '/ci/jenkins',
      subjectId: 'pkg:generic/infusion-pump-ui@2.4.0',
      pipelineRunId: run,
      artifactDigest: digest,
      ...(id && { id }),
      content: { change: { id: commit, source } },
    });
  }
  const publish = (event: TollgateEvent, msgId = event.id) => publisher.js.publish(publisher.subject(subjectOf(event)), encodeEvent(event), { msgID: msgId });
  const generated = async (digest: string) => (await readStreamPayloads(natsUrl, `${streamPrefix}TOLLGATE_ARTIFACT`)).map((p) => JSON.parse(p) as any).filter((e) => e.type.includes('sbom.generated') && e.artifactdigest === digest);
  const get = async (path: string) => {
    const res = await fetch(`${builder.url}${path}`);
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };

  it('builds the SBOM of a packaged artifact from its commit, stores it by digest and publishes sbom.generated', async () => {
    const digest = digestOf('pump-ui-2.4.0');
    const run = `https://ci.example.internal/job/pump-ui/${randomBytes(3).toString('hex')}/`;
    const announced = packaged(digest, run);
    await publish(announced);
    const [event] = await eventually(async () => ((await generated(digest)).length ? generated(digest) : undefined), 'sbom.generated');
    expect(event.pipelinerunid).toBe(run);
    expect(event.data.subject.content).toMatchObject({ format: 'cyclonedx', componentCount: 7, componentsByEcosystem: { npm: 7 }, artifactDigest: digest });

    const cdx = await get(`/v1/artifacts/${digest}/sbom`);
    expect(cdx.status).toBe(200);
    expect(cdx.type).toContain('application/vnd.cyclonedx+json');
    expect(`sha256:${createHash('sha256').update(cdx.text).digest('hex')}`).toBe(event.data.subject.content.sbomDigest);
    const doc = JSON.parse(cdx.text);
    expect(doc.metadata.component).toMatchObject({ name: 'infusion-pump-ui', version: '2.4.0' });
    // The document's time is the packaging event's: a rebuild of the same event gives the same bytes.
    expect(doc.metadata.timestamp).toBe(new Date(announced.time).toISOString());
    const spdx = await get(`/v1/artifacts/${digest}/sbom?format=spdx`);
    expect(JSON.parse(spdx.text).spdxVersion).toBe('SPDX-2.3');

    const query = JSON.parse((await get(`/v1/components?purl=${encodeURIComponent('pkg:npm/ms')}&range=${encodeURIComponent('<2.1.0')}`)).text);
    expect(query.matches.map((m: any) => [m.artifactDigest, m.version, m.pipelineRunId])).toEqual([[digest, '2.0.0', run]]);
  });

  it('stores one SBOM and publishes one event however often the artifact is announced', async () => {
    const digest = digestOf('pump-ui-redelivered');
    const run = `https://ci.example.internal/job/pump-ui/${randomBytes(3).toString('hex')}/`;
    const first = packaged(digest, run);
    await publish(first);
    // The same event again past JetStream's dedupe (a new message id), and a second event for the same artifact.
    await publish(first, `${first.id}-again`);
    await publish(packaged(digest, run));
    await eventually(async () => ((await generated(digest)).length ? true : undefined), 'sbom.generated');
    await eventually(async () => {
      const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM inbox_record WHERE consumer = 'sbom-builder-artifact-packaged'`);
      return n >= 2 ? true : undefined;
    }, 'all deliveries handled');
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM sbom_document WHERE artifact_digest = $1`, [digest])).toEqual([{ n: 1 }]);
    expect(await generated(digest)).toHaveLength(1);
  });

  it('builds the SBOM of a packaged image from the registry, by its digest', async () => {
    const layout = join(dir, 'image');
    const built = await writeOciLayout(layout, { image: { layers: [{ files: await readFileTree(ALPINE_LAYER) }] } });
    await registry.push(layout, 'devices/pump-gateway', '3.1.0');
    const digest = built.manifestDigest;
    const purl = `pkg:oci/pump-gateway@${encodeURIComponent(digest)}?repository_url=${encodeURIComponent(`${registry.host}/devices/pump-gateway`)}`;
    const run = `https://ci.example.internal/job/pump-gateway/${randomBytes(3).toString('hex')}/`;
    await publish(buildEvent('artifact.packaged', { source: '/ci/jenkins', subjectId: purl, pipelineRunId: run, artifactDigest: digest, content: { change: { id: commit, source: `file://${repo}` } } }));

    const [event] = await eventually(async () => ((await generated(digest)).length ? generated(digest) : undefined), 'sbom.generated for the image');
    expect(event.data.subject.content).toMatchObject({ componentsByEcosystem: { apk: 3 }, artifactDigest: digest });
    const doc = JSON.parse((await get(`/v1/artifacts/${digest}/sbom`)).text);
    expect(doc.metadata.component).toMatchObject({ type: 'container', name: 'pump-gateway' });
    expect(doc.components.map((c: any) => c.purl).sort()).toEqual([
      'pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1&upstream=busybox',
      'pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1&upstream=musl',
      'pkg:apk/alpine/zlib@1.3.1-r0?arch=x86_64&distro=alpine-3.19.1&upstream=zlib',
    ]);
  });

  it('dead-letters an artifact whose lockfile is malformed on its first delivery, naming file and line, storing nothing', async () => {
    const broken = join(dir, 'broken-packaged');
    cpSync(PROJECT, broken, { recursive: true });
    writeFileSync(join(broken, 'yarn.lock'), '# yarn lockfile v1\n\n"debug@^4.3.4":\n  version "4.4.3\n');
    execFileSync('sh', ['-c', `cd ${broken} && git init -q && git add . && git -c user.email=ci@example.internal -c user.name=ci commit -qm broken`]);
    const brokenCommit = execFileSync('git', ['-C', broken, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const digest = digestOf('pump-ui-broken-lockfile');
    const event = buildEvent('artifact.packaged', {
      source: '/ci/jenkins',
      subjectId: 'pkg:generic/infusion-pump-ui@2.4.1',
      pipelineRunId: 'run-broken-lockfile',
      artifactDigest: digest,
      content: { change: { id: brokenCommit, source: `file://${broken}` } },
    });
    await publish(event);

    const deadLetter = await eventually(async () => {
      const letters = (await readStreamMessages(natsUrl, `${streamPrefix}TOLLGATE_DLQ`)).filter((m) => JSON.parse(m.data).id === event.id);
      return letters[0];
    }, 'dead letter');
    expect(deadLetter.headers[DLQ_HEADERS.deliveryCount]).toBe('1');
    expect(deadLetter.headers[DLQ_HEADERS.error]).toMatch(/^permanent: SbomInputError: yarn\.lock:\d+/);
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM sbom_document WHERE artifact_digest = $1`, [digest])).toEqual([{ n: 0 }]);
    expect(await generated(digest)).toEqual([]);
  });

  it('says where an artifact went once it is deployed', async () => {
    const digest = digestOf('pump-ui-deployed');
    await publish(packaged(digest, `https://ci.example.internal/job/pump-ui/d${randomBytes(3).toString('hex')}/`));
    await eventually(async () => ((await generated(digest)).length ? true : undefined), 'sbom.generated');
    const deployed = buildEvent('service.deployed', {
      source: '/argocd',
      subjectId: 'infusion-pump-ui',
      pipelineRunId: 'deploy-1',
      artifactDigest: digest,
      content: { environment: { id: 'hospital-eu-prod' }, artifactId: `pkg:oci/infusion-pump-ui@${encodeURIComponent(digest)}` },
    });
    await publish(deployed);
    const match = await eventually(async () => {
      const q = JSON.parse((await get(`/v1/components?purl=${encodeURIComponent('pkg:npm/debug')}`)).text);
      const m = q.matches.find((x: any) => x.artifactDigest === digest);
      return m?.environments.length ? m : undefined;
    }, 'environment recorded');
    expect(match.environments).toEqual([{ environment: 'hospital-eu-prod', kind: 'deployed', at: expect.any(String) }]);
  });

  it('answers a direct build request, and refuses a broken lockfile by file and line, storing nothing', async () => {
    const digest = digestOf('pump-ui-direct');
    const post = (body: object) => fetch(`${builder.url}/v1/sboms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const ok = await post({ artifactDigest: digest, pipelineRunId: 'run-direct', source: { repository: `file://${repo}`, commit } });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ stored: true, componentCount: 7, componentsByEcosystem: { npm: 7 } });
    const again = await post({ artifactDigest: digest, pipelineRunId: 'run-direct', source: { repository: `file://${repo}`, commit } });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ stored: false });

    const broken = join(dir, 'broken');
    cpSync(PROJECT, broken, { recursive: true });
    writeFileSync(join(broken, 'yarn.lock'), '# yarn lockfile v1\n\n"debug@^4.3.4":\n  version "4.4.3\n');
    execFileSync('sh', ['-c', `cd ${broken} && git init -q && git add . && git -c user.email=ci@example.internal -c user.name=ci commit -qm broken`]);
    const brokenCommit = execFileSync('git', ['-C', broken, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const bad = await post({ artifactDigest: digestOf('broken'), pipelineRunId: 'run-broken', source: { repository: `file://${broken}`, commit: brokenCommit } });
    expect(bad.status).toBe(422);
    const body = (await bad.json()) as any;
    expect(body.error).toMatchObject({ code: 'SBOM_INPUT_INVALID', file: 'yarn.lock', position: { line: expect.any(Number) } });
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM sbom_document WHERE artifact_digest = $1`, [digestOf('broken')])).toEqual([{ n: 0 }]);

    const invalid = await post({ artifactDigest: 'sha1:abc', pipelineRunId: '', source: { repository: 'x' } });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as any).error.issues.map((i: any) => i.path).sort()).toEqual(['artifactDigest', 'pipelineRunId', 'source']);
  });

  it('refuses a malformed version range with where it went wrong', async () => {
    const res = await get(`/v1/components?purl=${encodeURIComponent('pkg:maven/org.apache.logging.log4j/log4j-core')}&range=${encodeURIComponent('<2.17.1 >=')}`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error).toMatchObject({ code: 'RANGE_INVALID', message: expect.stringMatching(/column \d+/) });
  });
});
