import { type IngestError } from '../ingest.error';
import { jenkinsEventId, mapJenkinsNotification, outcomeOf } from './jenkins-notification.mapper';

const ctx = { sourceId: 'jenkins-prod', eventSource: '/ci/jenkins-prod', jenkinsRootUrl: 'https://ci.example.internal/' };

function payload(phase: string, extra: Record<string, unknown> = {}) {
  return {
    name: 'payments-api',
    url: 'job/pay/job/payments-api/',
    build: {
      full_url: 'https://ci.example.internal/job/pay/job/payments-api/42/',
      number: 42,
      queue_id: 9001,
      phase,
      url: 'job/pay/job/payments-api/42/',
      timestamp: 1735689600000,
      scm: { url: 'https://git.example.internal/pay/api.git', branch: 'origin/main', commit: 'c'.repeat(40), changes: [], culprits: [] },
      log: 'export AWS_SECRET_ACCESS_KEY=should-never-travel',
      ...extra,
    },
  };
}

describe(mapJenkinsNotification.name, () => {
  it('maps STARTED to pipelinerun.started keyed by the run URL', () => {
    const event = mapJenkinsNotification(payload('STARTED'), ctx);
    expect(event.type).toBe('dev.cdevents.pipelinerun.started.0.3.0');
    expect(event.pipelinerunid).toBe('https://ci.example.internal/job/pay/job/payments-api/42/');
    expect(event.source).toBe('/ci/jenkins-prod');
    expect(event.time).toBe('2025-01-01T00:00:00.000Z');
    expect(event.data.subject.content).toEqual({ pipelineName: 'pay/payments-api', uri: 'https://ci.example.internal/job/pay/job/payments-api/42/' });
  });

  it('maps FINALIZED to pipelinerun.finished with the outcome and COMPLETED to the build task', () => {
    const finished = mapJenkinsNotification(payload('FINALIZED', { status: 'UNSTABLE' }), ctx);
    expect(finished.type).toBe('dev.cdevents.pipelinerun.finished.0.3.0');
    expect(finished.data.subject.content).toMatchObject({ outcome: 'failure', errors: 'Jenkins result UNSTABLE' });
    const completed = mapJenkinsNotification(payload('COMPLETED', { status: 'SUCCESS' }), ctx);
    expect(completed.type).toBe('dev.cdevents.taskrun.finished.0.3.0');
    expect(completed.data.subject.content).toMatchObject({ taskName: 'jenkins-build', outcome: 'success', pipelineRun: { id: finished.pipelinerunid } });
  });

  it('derives the same event id for a resent phase and different ids for different phases', () => {
    const a = mapJenkinsNotification(payload('STARTED'), ctx);
    const b = mapJenkinsNotification({ ...payload('STARTED'), build: { ...payload('STARTED').build, timestamp: 1735689700000 } }, ctx);
    const c = mapJenkinsNotification(payload('QUEUED'), ctx);
    expect(a.id).toBe(b.id);
    expect(a.id).not.toBe(c.id);
    expect(a.id).toBe(jenkinsEventId(a.pipelinerunid, 42, 'STARTED'));
  });

  it('never copies the build log into the event', () => {
    const event = mapJenkinsNotification(payload('FINALIZED', { status: 'SUCCESS' }), ctx);
    expect(JSON.stringify(event)).not.toContain('should-never-travel');
  });

  it('uses the source root URL when Jenkins sends only relative URLs', () => {
    const p = payload('STARTED');
    delete (p.build as Partial<typeof p.build>).full_url;
    expect(mapJenkinsNotification(p, ctx).pipelinerunid).toBe('https://ci.example.internal/job/pay/job/payments-api/42/');
    expect(() => mapJenkinsNotification(p, { sourceId: 'x' })).toThrow('build.full_url: expected an absolute run URL');
  });

  it('names the field path, expectation and received value for a malformed payload', () => {
    let error: IngestError | undefined;
    try {
      mapJenkinsNotification(payload('EXPLODED', { number: 'forty-two' }), ctx);
    } catch (e) {
      error = e as IngestError;
    }
    expect(error?.code).toBe('EVENT_INVALID');
    expect(error?.details.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'build.number', expected: 'number', got: 'string' }),
        expect.objectContaining({ path: 'build.phase', expected: 'one of QUEUED|STARTED|COMPLETED|FINALIZED', got: '"EXPLODED"' }),
      ]),
    );
  });
});

describe(outcomeOf.name, () => {
  it.each([
    ['SUCCESS', 'success'],
    ['UNSTABLE', 'failure'],
    ['FAILURE', 'failure'],
    ['ABORTED', 'cancel'],
    ['NOT_BUILT', 'cancel'],
    [undefined, 'error'],
  ] as const)('maps Jenkins result %s to %s', (status, outcome) => {
    expect(outcomeOf(status)).toBe(outcome);
  });
});
