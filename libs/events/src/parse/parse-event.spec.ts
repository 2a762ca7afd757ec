import { buildEvent } from '../build/build-event';
import { DIGEST, EVENT_ID, REMOVE, patched, pipelineRunStartedEvent } from '../testing/event-fixtures';
import { issuesOf, rejectionOf } from '../testing/expect-rejection';
import { EventValidationError } from '../validation/event-validation.error';
import { parseEvent } from './parse-event';

const valid = pipelineRunStartedEvent();

describe(parseEvent.name, () => {
  it('returns the event unchanged when it is a valid v0.5 event', () => {
    expect(parseEvent(JSON.parse(JSON.stringify(valid)))).toEqual(valid);
  });

  it('defaults datacontenttype to application/json when it is absent', () => {
    expect(parseEvent(patched(valid, 'datacontenttype', REMOVE)).datacontenttype).toBe('application/json');
  });

  it('accepts a CE time that is the same instant as context.timestamp written differently', () => {
    expect(parseEvent(patched(valid, 'time', '2025-01-01T13:00:00.000+01:00')).time).toBe('2025-01-01T13:00:00.000+01:00');
  });

  it('rejects a missing pipelinerunid', () => {
    expect(issuesOf(() => parseEvent(patched(valid, 'pipelinerunid', REMOVE)))).toEqual([
      { path: 'pipelinerunid', expected: 'string', got: 'missing' },
    ]);
  });

  it('rejects a CloudEvents specversion other than 1.0', () => {
    expect(issuesOf(() => parseEvent(patched(valid, 'specversion', '0.3')))).toEqual([
      { path: 'specversion', expected: '"1.0"', got: '"0.3"' },
    ]);
  });

  it('rejects a CDEvents specversion that is not 0.5.x', () => {
    expect(issuesOf(() => parseEvent(patched(valid, 'data.context.specversion', '0.6.0')))).toEqual([
      { path: 'data.context.specversion', expected: '0.5.x', got: '"0.6.0"' },
    ]);
  });

  it('rejects a traceparent that is not W3C version 00', () => {
    expect(issuesOf(() => parseEvent(patched(valid, 'traceparent', '01-abc')))).toEqual([
      { path: 'traceparent', expected: '00-<32 hex>-<16 hex>-<2 hex>', got: '"01-abc"' },
    ]);
  });

  it('rejects an artifactdigest that is not sha256:<64 hex>', () => {
    expect(issuesOf(() => parseEvent(patched(valid, 'artifactdigest', 'sha256:ABC')))).toEqual([
      { path: 'artifactdigest', expected: 'sha256:<64 hex>', got: '"sha256:ABC"' },
    ]);
  });

  it('rejects a type no Tollgate event has', () => {
    expect(issuesOf(() => parseEvent(patched(valid, 'type', 'dev.cdevents.foo.bar.0.1.0')))).toEqual([
      { path: 'type', expected: 'a Tollgate event type (see docs/events.md)', got: '"dev.cdevents.foo.bar.0.1.0"' },
    ]);
  });

  it('rejects a missing type together with every other problem', () => {
    const input = patched(patched(valid, 'type', REMOVE), 'pipelinerunid', 7);
    expect(issuesOf(() => parseEvent(input))).toEqual([
      { path: 'type', expected: 'string', got: 'missing' },
      { path: 'pipelinerunid', expected: 'string', got: 'number' },
    ]);
  });

  it('rejects a pipeline outcome outside the v0.5 enum', () => {
    const finished = buildEvent('pipelinerun.finished', {
      source: '/ci/jenkins-prod',
      subjectId: 'payments-api/42',
      pipelineRunId: 'payments-api#42',
      content: { pipelineName: 'payments-api', outcome: 'success' },
    });
    expect(issuesOf(() => parseEvent(patched(finished, 'data.subject.content.outcome', 'done')))).toEqual([
      { path: 'data.subject.content.outcome', expected: 'one of success|failure|cancel|error', got: '"done"' },
    ]);
  });

  it.each([
    ['id', 'other-id', 'same as data.context.id', '"other-id"'],
    ['source', '/ci/elsewhere', 'same as data.context.source', '"/ci/elsewhere"'],
    ['subject', 'other-subject', 'same as data.subject.id', '"other-subject"'],
    ['time', '2025-01-01T12:00:01Z', 'same instant as data.context.timestamp', '"2025-01-01T12:00:01Z"'],
  ])('rejects CE attribute %s when it differs from the CDEvent', (attribute, value, expected, got) => {
    expect(issuesOf(() => parseEvent(patched(valid, attribute, value)))).toEqual([{ path: attribute, expected, got }]);
  });

  it('rejects a context.type that differs from the CE type', () => {
    expect(issuesOf(() => parseEvent(patched(valid, 'data.context.type', 'dev.cdevents.pipelinerun.queued.0.3.0')))).toEqual([
      { path: 'data.context.type', expected: '"dev.cdevents.pipelinerun.started.0.3.0"', got: '"dev.cdevents.pipelinerun.queued.0.3.0"' },
    ]);
  });

  it('rejects subject.type on a v0.5 event', () => {
    expect(issuesOf(() => parseEvent(patched(valid, 'data.subject.type', 'pipelineRun')))).toEqual([
      { path: 'data.subject.type', expected: 'no such property (removed in CDEvents v0.5)', got: '"pipelineRun"' },
    ]);
  });

  it('rejects a v0.4.1 type on a v0.5 document', () => {
    const input = patched(patched(valid, 'type', 'dev.cdevents.pipelinerun.started.0.2.0'), 'data.context.type', 'dev.cdevents.pipelinerun.started.0.2.0');
    expect(issuesOf(() => parseEvent(input))).toEqual([
      { path: 'type', expected: '"dev.cdevents.pipelinerun.started.0.3.0"', got: '"dev.cdevents.pipelinerun.started.0.2.0"' },
      { path: 'data.context.type', expected: '"dev.cdevents.pipelinerun.started.0.3.0"', got: '"dev.cdevents.pipelinerun.started.0.2.0"' },
    ]);
  });

  it('rejects an unknown property in content, so a secret cannot ride along in a credentials event', () => {
    const issued = buildEvent('credentials.issued', {
      source: '/tollgate/credential-broker',
      subjectId: 'lease-1',
      pipelineRunId: 'payments-api#42',
      content: {
        leaseId: 'lease-1',
        role: 'ci-db-readonly',
        engine: 'database',
        path: 'database/creds/ci-readonly',
        secretName: 'inventory-db',
        delivery: 'direct',
        ttlSeconds: 900,
        expiresAt: '2025-01-01T12:15:00Z',
      },
    });
    const error = rejectionOf(() => parseEvent(patched(issued, 'data.subject.content.password', 'hunter2-very-secret')));
    expect(error.issues.map(({ path, expected, got }) => ({ path, expected, got }))).toEqual([
      { path: 'data.subject.content.password', expected: 'no such property', got: 'string' },
    ]);
    expect(error.message).not.toContain('hunter2');
  });

  it('rejects a v0.4-style context on a Tollgate event, which has no v0.4 form', () => {
    const breach = buildEvent('security.breach', {
      source: '/tollgate/policy-engine',
      subjectId: 'payments-api#42',
      pipelineRunId: 'payments-api#42',
      content: { severity: 'high', category: 'unsigned-artifact', message: 'artifact is not signed', reference: 'decision-9' },
    });
    const input = patched(patched(breach, 'data.context.specversion', REMOVE), 'data.context.version', '0.4.1');
    expect(issuesOf(() => parseEvent(input))).toEqual([
      { path: 'data.context.specversion', expected: 'string', got: 'missing' },
      { path: 'data.context.version', expected: 'no such property', got: 'string' },
    ]);
  });

  it('rejects an unknown CloudEvents attribute such as data_base64', () => {
    expect(issuesOf(() => parseEvent(patched(valid, 'data_base64', 'e30=')))).toEqual([
      { path: 'data_base64', expected: 'no such property', got: 'string' },
    ]);
  });

  it('names the array index of a bad link', () => {
    const input = patched(valid, 'data.context.links', [{ linkType: 'SIDEWAYS', from: { contextId: EVENT_ID } }]);
    expect(issuesOf(() => parseEvent(input))).toEqual([
      { path: 'data.context.links[0].linkType', expected: 'one of PATH|RELATION|END', got: '"SIDEWAYS"' },
    ]);
  });

  it('rejects input that is not an object', () => {
    expect(issuesOf(() => parseEvent([valid]))).toEqual([{ path: '(root)', expected: 'object (structured CloudEvent)', got: 'array' }]);
  });

  it('lists every issue in the error message as <path>: expected <expected>, got <got>', () => {
    const input = patched(patched(valid, 'artifactdigest', DIGEST.toUpperCase()), 'data.subject.content.uri', 'not a uri');
    const error = rejectionOf(() => parseEvent(input));
    expect(error).toBeInstanceOf(EventValidationError);
    expect(error.code).toBe('EVENT_INVALID');
    expect(error.message).toBe(
      `Invalid event: artifactdigest: expected sha256:<64 hex>, got "${DIGEST.toUpperCase().slice(0, 38)}…; ` +
        'data.subject.content.uri: expected absolute URI, got "not a uri"',
    );
  });

  it('never echoes more than 40 characters of a received value', () => {
    const [issue] = issuesOf(() => parseEvent(patched(valid, 'traceparent', 'x'.repeat(500))));
    expect(issue).toEqual({ path: 'traceparent', expected: '00-<32 hex>-<16 hex>-<2 hex>', got: `"${'x'.repeat(38)}…` });
    expect(issue!.got.length).toBeLessThanOrEqual(40);
  });

  it('does not modify its input', () => {
    const input = patched(valid, 'data.subject.type', 'pipelineRun');
    const before = JSON.stringify(input);
    rejectionOf(() => parseEvent(input));
    expect(JSON.stringify(input)).toBe(before);
  });
});
