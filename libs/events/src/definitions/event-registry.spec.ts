import { fieldRows } from '../catalogue/content-fields';
import { pipelineRunStartedEvent } from '../testing/event-fixtures';
import { issuesOf } from '../testing/expect-rejection';
import { EVENT_DEFINITIONS, getEventDefinition } from './event-registry';
import { isEventOf } from './is-event-of';
import { subjectOf } from './subject-of';

// integrations.md §2.3: the custom-event type regex of the CDEvents v0.4.1 custom schema.
const CUSTOM_TYPE = /^dev\.cdeventsx\.[a-zA-Z0-9]+-[a-zA-Z]+\.[a-zA-Z]+\.[0-9]\.[0-9]\.[0-9]$/;

// integrations.md §2.2: v0.4.1 type -> v0.5.1 type for every standard event Tollgate uses.
const STANDARD_TYPES: Record<string, [legacy: string, current: string]> = {
  'pipelinerun.queued': ['dev.cdevents.pipelinerun.queued.0.2.0', 'dev.cdevents.pipelinerun.queued.0.3.0'],
  'pipelinerun.started': ['dev.cdevents.pipelinerun.started.0.2.0', 'dev.cdevents.pipelinerun.started.0.3.0'],
  'pipelinerun.finished': ['dev.cdevents.pipelinerun.finished.0.2.0', 'dev.cdevents.pipelinerun.finished.0.3.0'],
  'taskrun.started': ['dev.cdevents.taskrun.started.0.2.0', 'dev.cdevents.taskrun.started.0.3.0'],
  'taskrun.finished': ['dev.cdevents.taskrun.finished.0.2.0', 'dev.cdevents.taskrun.finished.0.3.0'],
  'change.created': ['dev.cdevents.change.created.0.3.0', 'dev.cdevents.change.created.0.4.0'],
  'change.merged': ['dev.cdevents.change.merged.0.2.0', 'dev.cdevents.change.merged.0.3.0'],
  'build.started': ['dev.cdevents.build.started.0.2.0', 'dev.cdevents.build.started.0.3.0'],
  'build.finished': ['dev.cdevents.build.finished.0.2.0', 'dev.cdevents.build.finished.0.3.0'],
  'testsuiterun.finished': ['dev.cdevents.testsuiterun.finished.0.2.0', 'dev.cdevents.testsuiterun.finished.0.3.0'],
  'artifact.packaged': ['dev.cdevents.artifact.packaged.0.2.0', 'dev.cdevents.artifact.packaged.0.3.0'],
  'artifact.signed': ['dev.cdevents.artifact.signed.0.2.0', 'dev.cdevents.artifact.signed.0.3.0'],
  'artifact.published': ['dev.cdevents.artifact.published.0.2.0', 'dev.cdevents.artifact.published.0.3.0'],
  'service.deployed': ['dev.cdevents.service.deployed.0.2.0', 'dev.cdevents.service.deployed.0.3.0'],
  'service.upgraded': ['dev.cdevents.service.upgraded.0.2.0', 'dev.cdevents.service.upgraded.0.3.0'],
  'service.rolledback': ['dev.cdevents.service.rolledback.0.2.0', 'dev.cdevents.service.rolledback.0.3.0'],
  'incident.detected': ['dev.cdevents.incident.detected.0.2.0', 'dev.cdevents.incident.detected.0.3.0'],
  'incident.reported': ['dev.cdevents.incident.reported.0.2.0', 'dev.cdevents.incident.reported.0.3.0'],
  'incident.resolved': ['dev.cdevents.incident.resolved.0.2.0', 'dev.cdevents.incident.resolved.0.3.0'],
};

const customDefinitions = EVENT_DEFINITIONS.filter((d) => d.type.startsWith('dev.cdeventsx.'));

describe('EVENT_DEFINITIONS', () => {
  it('maps each standard CDEvent from its v0.4.1 type to its v0.5.1 type as in the reference table', () => {
    const standard = EVENT_DEFINITIONS.filter((d) => d.type.startsWith('dev.cdevents.'));
    expect(Object.fromEntries(standard.map((d) => [d.key, [...d.legacyTypes, d.type]]))).toEqual(STANDARD_TYPES);
  });

  it('names every Tollgate custom event with a type the CDEvents custom schema accepts', () => {
    expect(customDefinitions.map((d) => d.key).sort()).toEqual([
      'credentials.denied',
      'credentials.issued',
      'credentials.revoked',
      'deployverification.failed',
      'gate.failed',
      'gate.passed',
      'sbom.generated',
      'scan.completed',
      'scan.failed',
      'security.breach',
      'signing.failed',
      'vsa.issued',
      'vulnerability.detected',
    ]);
    for (const definition of customDefinitions) {
      expect(definition.type).toMatch(CUSTOM_TYPE);
      expect(definition.type).toBe(`dev.cdeventsx.tollgate-${definition.key}.0.1.0`);
      expect(definition.legacyTypes).toEqual([]);
    }
  });

  it('publishes every event on tollgate.<key>, with unique keys, types and subjects', () => {
    for (const definition of EVENT_DEFINITIONS) expect(definition.subject).toBe(`tollgate.${definition.key}`);
    const names = EVENT_DEFINITIONS.flatMap((d) => [d.key, d.type, d.subject, ...d.legacyTypes]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('keeps credential events to lease metadata, with no field that could hold a secret', () => {
    const fields = Object.fromEntries(
      EVENT_DEFINITIONS.filter((d) => d.key.startsWith('credentials.')).map((d) => [d.key, fieldRows(d.content).map((r) => r.name)]),
    );
    expect(fields).toEqual({
      'credentials.issued': ['leaseId', 'role', 'engine', 'path', 'secretName', 'delivery', 'ttlSeconds', 'expiresAt'],
      'credentials.denied': ['role', 'category', 'reason'],
      'credentials.revoked': ['leaseId', 'role', 'engine', 'path', 'reason'],
    });
  });

  it('describes every content field, so the catalogue has no blank rows', () => {
    const undescribed = EVENT_DEFINITIONS.flatMap((d) => fieldRows(d.content).filter((r) => !r.description).map((r) => `${d.key}: ${r.name}`));
    expect(undescribed).toEqual([]);
  });
});

describe(getEventDefinition.name, () => {
  it('finds a definition by key, v0.5 type and v0.4.1 type', () => {
    const byKey = getEventDefinition('change.created');
    expect(byKey?.key).toBe('change.created');
    expect(getEventDefinition('dev.cdevents.change.created.0.4.0')).toBe(byKey);
    expect(getEventDefinition('dev.cdevents.change.created.0.3.0')).toBe(byKey);
  });

  it('returns undefined for a name no event has', () => {
    expect(getEventDefinition('dev.cdevents.change.created.0.1.0')).toBeUndefined();
  });
});

describe(subjectOf.name, () => {
  it('gives the NATS subject for an event, a key, or a type', () => {
    expect(subjectOf(pipelineRunStartedEvent())).toBe('tollgate.pipelinerun.started');
    expect(subjectOf('artifact.packaged')).toBe('tollgate.artifact.packaged');
    expect(subjectOf('dev.cdeventsx.tollgate-sbom.generated.0.1.0')).toBe('tollgate.sbom.generated');
    expect(subjectOf('dev.cdevents.pipelinerun.started.0.2.0')).toBe('tollgate.pipelinerun.started');
    expect(subjectOf('security.breach')).toBe('tollgate.security.breach');
  });

  it('throws EventValidationError for an unknown type', () => {
    expect(issuesOf(() => subjectOf('dev.cdevents.nope.0.1.0'))).toEqual([
      { path: 'type', expected: 'a Tollgate event key or type', got: '"dev.cdevents.nope.0.1.0"' },
    ]);
  });
});

describe(isEventOf.name, () => {
  it('tells whether a parsed event is of the given key', () => {
    const event = pipelineRunStartedEvent();
    expect(isEventOf(event, 'pipelinerun.started')).toBe(true);
    expect(isEventOf(event, 'pipelinerun.finished')).toBe(false);
    if (isEventOf(event, 'pipelinerun.started')) expect(event.data.subject.content.pipelineName).toBe('payments-api');
  });
});
