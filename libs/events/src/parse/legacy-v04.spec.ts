import { ARTIFACT_PURL, EVENT_ID, REMOVE, legacyPipelineRunStarted, legacyServiceDeployed, patched } from '../testing/event-fixtures';
import { issuesOf } from '../testing/expect-rejection';
import { normalizeLegacy } from './legacy-v04';
import { parseEvent } from './parse-event';

describe(normalizeLegacy.name, () => {
  describe('through parseEvent', () => {
    it('normalizes the v0.4.1 service.deployed example to v0.5', () => {
      const event = parseEvent(legacyServiceDeployed());
      expect(event.type).toBe('dev.cdevents.service.deployed.0.3.0');
      expect(event.data.context).toEqual({
        specversion: '0.5.1',
        id: EVENT_ID,
        source: '/cd/argocd-prod',
        type: 'dev.cdevents.service.deployed.0.3.0',
        timestamp: '2025-01-01T12:00:00Z',
      });
      expect(event.data.subject).toEqual({
        id: 'payments/payments-api',
        content: { environment: { id: 'prod-eu1' }, artifactId: ARTIFACT_PURL },
      });
    });

    it('renames url to uri and drops the v0.4 dataschema for pipelinerun.started', () => {
      const event = parseEvent(legacyPipelineRunStarted());
      expect(event.type).toBe('dev.cdevents.pipelinerun.started.0.3.0');
      expect(event.dataschema).toBeUndefined();
      expect(event.data.subject).toEqual({
        id: 'payments-api/42',
        content: { pipelineName: 'payments-api', uri: 'https://ci.example.internal/job/payments-api/42/' },
      });
    });

    it('maps change.created 0.3.0 to 0.4.0', () => {
      let input = patched(legacyPipelineRunStarted(), 'type', 'dev.cdevents.change.created.0.3.0');
      input = patched(input, 'data.context.type', 'dev.cdevents.change.created.0.3.0');
      input = patched(input, 'data.subject.type', 'change');
      input = patched(input, 'data.subject.content', { description: 'bump openssl', repository: { id: 'payments-api' } });
      expect(parseEvent(input).data.context.type).toBe('dev.cdevents.change.created.0.4.0');
    });

    it('accepts a v0.4.1 outcome that is in the v0.5 enum and rejects one that is not', () => {
      const finished = patched(
        patched(patched(legacyPipelineRunStarted(), 'type', 'dev.cdevents.pipelinerun.finished.0.2.0'), 'data.context.type', 'dev.cdevents.pipelinerun.finished.0.2.0'),
        'data.subject.content.outcome',
        'failure',
      );
      expect(parseEvent(finished).data.subject.content).toMatchObject({ outcome: 'failure' });
      expect(issuesOf(() => parseEvent(patched(finished, 'data.subject.content.outcome', 'aborted')))).toEqual([
        { path: 'data.subject.content.outcome', expected: 'one of success|failure|cancel|error', got: '"aborted"' },
      ]);
    });

    it('names the v0.4 field (url) when it is missing', () => {
      expect(issuesOf(() => parseEvent(patched(legacyPipelineRunStarted(), 'data.subject.content.url', REMOVE)))).toEqual([
        { path: 'data.subject.content.url', expected: 'string', got: 'missing' },
      ]);
    });

    it('rejects a v0.4 document that also carries the v0.5 field uri', () => {
      const input = patched(legacyPipelineRunStarted(), 'data.subject.content.uri', 'https://ci.example.internal/x');
      expect(issuesOf(() => parseEvent(input))).toEqual([
        { path: 'data.subject.content.uri', expected: 'no such property (v0.4.x uses url)', got: '"https://ci.example.internal/x"' },
      ]);
    });

    it('rejects a subject.type that does not match the event', () => {
      expect(issuesOf(() => parseEvent(patched(legacyPipelineRunStarted(), 'data.subject.type', 'taskRun')))).toEqual([
        { path: 'data.subject.type', expected: '"pipelineRun"', got: '"taskRun"' },
      ]);
    });

    it('rejects a context.version that is not 0.4.x', () => {
      expect(issuesOf(() => parseEvent(patched(legacyServiceDeployed(), 'data.context.version', '0.3.0')))).toEqual([
        { path: 'data.context.version', expected: '0.4.x', got: '"0.3.0"' },
      ]);
    });

    it('rejects a v0.4 document whose context.type is not the v0.4.1 type', () => {
      const input = patched(legacyServiceDeployed(), 'data.context.type', 'dev.cdevents.service.deployed.0.3.0');
      expect(issuesOf(() => parseEvent(input))).toEqual([
        {
          path: 'data.context.type',
          expected: '"dev.cdevents.service.deployed.0.2.0" (type for CDEvents v0.4.x)',
          got: '"dev.cdevents.service.deployed.0.3.0"',
        },
      ]);
    });

    it('rejects CE attributes inconsistent with the v0.4 context', () => {
      expect(issuesOf(() => parseEvent(patched(legacyServiceDeployed(), 'subject', 'payments/other')))).toEqual([
        { path: 'subject', expected: 'same as data.subject.id', got: '"payments/other"' },
      ]);
    });

    it('does not modify its input', () => {
      const input = legacyPipelineRunStarted();
      const before = JSON.stringify(input);
      parseEvent(input);
      expect(JSON.stringify(input)).toBe(before);
    });
  });
});
