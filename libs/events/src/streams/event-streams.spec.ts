import { EVENT_DEFINITIONS } from '../definitions/event-registry';
import { DEAD_LETTER_STREAM, EVENT_STREAMS, deadLetterSubject, streamsForSubject } from './event-streams';

describe('EVENT_STREAMS', () => {
  it('covers every event subject with exactly one stream', () => {
    const coverage = EVENT_DEFINITIONS.map((d) => [d.subject, streamsForSubject(d.subject).map((s) => s.name)] as const);
    expect(coverage.filter(([, streams]) => streams.length !== 1)).toEqual([]);
  });

  it('puts each domain in the stream the design names', () => {
    const streamOf = (subject: string) => streamsForSubject(subject).map((s) => s.name);
    expect(streamOf('tollgate.pipelinerun.started')).toEqual(['TOLLGATE_PIPELINE']);
    expect(streamOf('tollgate.sbom.generated')).toEqual(['TOLLGATE_ARTIFACT']);
    expect(streamOf('tollgate.signing.failed')).toEqual(['TOLLGATE_ARTIFACT']);
    expect(streamOf('tollgate.vsa.issued')).toEqual(['TOLLGATE_ARTIFACT']);
    expect(streamOf('tollgate.credentials.issued')).toEqual(['TOLLGATE_CREDENTIALS']);
    expect(streamOf('tollgate.gate.failed')).toEqual(['TOLLGATE_GATE']);
    expect(streamOf('tollgate.deployverification.failed')).toEqual(['TOLLGATE_DEPLOY']);
    expect(streamOf('tollgate.security.breach')).toEqual(['TOLLGATE_SECURITY']);
  });

  it('has unique names and keeps the security stream longest', () => {
    const all = [...EVENT_STREAMS, DEAD_LETTER_STREAM];
    expect(new Set(all.map((s) => s.name)).size).toBe(all.length);
    const security = EVENT_STREAMS.find((s) => s.name === 'TOLLGATE_SECURITY')!;
    expect(security.maxAgeDays).toBe(2557);
    expect(Math.max(...all.map((s) => s.maxAgeDays))).toBe(security.maxAgeDays);
  });

  it('covers no subject outside tollgate.<domain>.> and overlaps no other stream', () => {
    const patterns = [...EVENT_STREAMS, DEAD_LETTER_STREAM].flatMap((s) => s.subjects);
    for (const pattern of patterns) expect(pattern).toMatch(/^tollgate\.[a-z]+\.>$/);
    expect(new Set(patterns).size).toBe(patterns.length);
  });
});

describe(deadLetterSubject.name, () => {
  it('puts dead letters of a consumer on tollgate.dlq.<consumer>, only in the DLQ stream', () => {
    expect(deadLetterSubject('sbom-builder')).toBe('tollgate.dlq.sbom-builder');
    expect(streamsForSubject(deadLetterSubject('sbom-builder'))).toEqual([DEAD_LETTER_STREAM]);
    expect(DEAD_LETTER_STREAM).toMatchObject({ name: 'TOLLGATE_DLQ', subjects: ['tollgate.dlq.>'], maxAgeDays: 30 });
  });

  it('rejects a consumer name that is not a single NATS token', () => {
    expect(() => deadLetterSubject('a.b')).toThrow('consumer name must match [A-Za-z0-9_-]+, got "a.b"');
    expect(() => deadLetterSubject('>')).toThrow('got ">"');
  });
});

describe(streamsForSubject.name, () => {
  it('returns no stream for a subject outside every stream', () => {
    expect(streamsForSubject('tollgate.unknown.thing')).toEqual([]);
    expect(streamsForSubject('tollgate.gate')).toEqual([]);
  });
});
