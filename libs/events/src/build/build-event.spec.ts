import { type ContentOf } from '../definitions/event-registry';
import { DIGEST } from '../testing/event-fixtures';
import { issuesOf } from '../testing/expect-rejection';
import { buildEvent } from './build-event';

const base = { source: '/tollgate/policy-engine', subjectId: 'payments-api@sha256', pipelineRunId: 'payments-api#42' };
const policy = { name: 'fda-premarket', version: '3.1.0', digest: DIGEST };

describe(buildEvent.name, () => {
  it('derives every CloudEvent attribute from one set of inputs', () => {
    const event = buildEvent('gate.failed', {
      ...base,
      id: 'decision-9',
      time: new Date('2025-03-04T05:06:07.000Z'),
      artifactDigest: DIGEST,
      subjectSource: '/registry/staging',
      chainId: 'chain-1',
      content: { policy, reasons: ['critical CVE-2024-0001 in openssl (Dockerfile:12)'] },
    });
    expect(event).toEqual({
      specversion: '1.0',
      id: 'decision-9',
      source: '/tollgate/policy-engine',
      type: 'dev.cdeventsx.tollgate-gate.failed.0.1.0',
      subject: 'payments-api@sha256',
      time: '2025-03-04T05:06:07.000Z',
      datacontenttype: 'application/json',
      pipelinerunid: 'payments-api#42',
      artifactdigest: DIGEST,
      data: {
        context: {
          specversion: '0.5.1',
          id: 'decision-9',
          source: '/tollgate/policy-engine',
          type: 'dev.cdeventsx.tollgate-gate.failed.0.1.0',
          timestamp: '2025-03-04T05:06:07.000Z',
          chainId: 'chain-1',
        },
        subject: {
          id: 'payments-api@sha256',
          source: '/registry/staging',
          content: { policy, reasons: ['critical CVE-2024-0001 in openssl (Dockerfile:12)'] },
        },
      },
    });
  });

  it('defaults id to a random UUID and time to now', () => {
    const first = buildEvent('build.started', { ...base, content: {} });
    const second = buildEvent('build.started', { ...base, content: {} });
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second.id).not.toBe(first.id);
    expect(Number.isNaN(Date.parse(first.time))).toBe(false);
    expect(first.data.context.timestamp).toBe(first.time);
  });

  it('validates its own output and names the content field at fault', () => {
    const content = { policy, reasons: [] } as ContentOf<'gate.failed'>;
    expect(issuesOf(() => buildEvent('gate.failed', { ...base, content }))).toEqual([
      { path: 'data.subject.content.reasons', expected: 'at least 1 item', got: '0 items' },
    ]);
  });

  it('rejects an artifact digest that is not sha256:<64 hex>', () => {
    expect(issuesOf(() => buildEvent('gate.passed', { ...base, artifactDigest: 'sha256:1234', content: { policy, reasons: [] } }))).toEqual([
      { path: 'artifactdigest', expected: 'sha256:<64 hex>', got: '"sha256:1234"' },
    ]);
  });

  it('rejects an invalid Date', () => {
    expect(issuesOf(() => buildEvent('build.started', { ...base, time: new Date('nope'), content: {} }))).toEqual([
      { path: 'time', expected: 'valid Date', got: 'Invalid Date' },
    ]);
  });

  it('rejects a key that is not an EventKey, even a CloudEvents type', () => {
    const key = 'dev.cdevents.build.started.0.3.0' as 'build.started';
    expect(issuesOf(() => buildEvent(key, { ...base, content: {} }))).toEqual([
      { path: 'key', expected: 'an EventKey (see docs/events.md)', got: '"dev.cdevents.build.started.0.3.0"' },
    ]);
  });
});

describe('buildEvent customData', () => {
  it('carries producer detail as CDEvents customData', () => {
    const event = buildEvent('build.started', { ...base, content: {}, customData: { jenkins: { number: 42 } } });
    expect(event.data.customData).toEqual({ jenkins: { number: 42 } });
    expect(event.data.customDataContentType).toBe('application/json');
  });
});
