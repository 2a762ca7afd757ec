import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventValidationError, getEventDefinition } from '@tollgate/events';
import { DEFAULT_EVENT_SOURCE, eventFromOptions } from './event-options';
import { EventOptionsError } from './event-options.error';

const CONTENT = { pipelineName: 'payments-api', uri: 'https://ci.example.internal/job/payments-api/42/' };
const BASE = { type: 'pipelinerun.started', runId: 'jenkins/payments-api/42', subjectId: 'payments-api-42' };

describe(eventFromOptions.name, () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'event-options-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('builds a validated CloudEvent with the CLI source by default', async () => {
    const event = await eventFromOptions({ ...BASE, content: JSON.stringify(CONTENT), id: 'evt-1' });

    expect(event).toMatchObject({
      specversion: '1.0',
      id: 'evt-1',
      source: DEFAULT_EVENT_SOURCE,
      type: getEventDefinition('pipelinerun.started')?.type,
      subject: 'payments-api-42',
      pipelinerunid: 'jenkins/payments-api/42',
      data: { subject: { id: 'payments-api-42', content: CONTENT } },
    });
    expect(DEFAULT_EVENT_SOURCE).toBe('/ci/tollgate-cli');
  });

  it('passes source, artifact digest and traceparent through', async () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const traceparent = `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`;
    const event = await eventFromOptions({ ...BASE, content: JSON.stringify(CONTENT), source: '/ci/jenkins-prod', artifactDigest: digest, traceparent });
    expect(event).toMatchObject({ source: '/ci/jenkins-prod', artifactdigest: digest, traceparent });
  });

  it('accepts the CloudEvents type in place of the key', async () => {
    const type = getEventDefinition('pipelinerun.started')!.type;
    const event = await eventFromOptions({ ...BASE, type, content: JSON.stringify(CONTENT) });
    expect(event.type).toBe(type);
  });

  it('reads the content from a file', async () => {
    const file = join(dir, 'content.json');
    await writeFile(file, JSON.stringify(CONTENT));
    const event = await eventFromOptions({ ...BASE, contentFile: file });
    expect(event.data.subject.content).toEqual(CONTENT);
  });

  it('rejects an unknown key and lists the valid ones', async () => {
    const err = await eventFromOptions({ ...BASE, type: 'pipelinerun.exploded' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EventOptionsError);
    expect((err as Error).message).toMatch(/^unknown event type "pipelinerun\.exploded"; expected one of: pipelinerun\.queued, pipelinerun\.started, /);
    expect((err as Error).message).toContain('artifact.packaged');
  });

  it('rejects content that is not JSON, quoting the parser', async () => {
    await expect(eventFromOptions({ ...BASE, content: '{pipelineName:' })).rejects.toThrow(/^--content is not valid JSON: .*JSON/);
  });

  it.each([
    ['[]', 'an array'],
    ['"text"', 'a string'],
    ['null', 'null'],
  ])('rejects content %s that is not an object', async (content, got) => {
    await expect(eventFromOptions({ ...BASE, content })).rejects.toThrow(`--content must be a JSON object (subject.content), got ${got}`);
  });

  it('rejects both --content and --content-file', async () => {
    await expect(eventFromOptions({ ...BASE, content: '{}', contentFile: join(dir, 'x.json') })).rejects.toThrow(
      'give either --content or --content-file, not both',
    );
  });

  it('names a content file that cannot be read', async () => {
    const file = join(dir, 'missing.json');
    await expect(eventFromOptions({ ...BASE, contentFile: file })).rejects.toThrow(`cannot read --content-file ${file}: no such file`);
  });

  it('lets the contract report each bad field when the content breaks it', async () => {
    const err = await eventFromOptions({ ...BASE, content: '{"pipelineName":42}' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EventValidationError);
    expect((err as EventValidationError).issues.map((i) => i.message)).toEqual([
      'data.subject.content.pipelineName: expected string, got number',
      'data.subject.content.uri: expected string, got missing',
    ]);
  });
});
