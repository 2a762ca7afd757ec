import { createHash } from 'node:crypto';
import { GENESIS_HASH } from './audit-entry';
import { auditEntryHash, hashedTime } from './audit-hash';

const fields = {
  seq: 1,
  at: '2026-01-02T03:04:05.678Z',
  kind: 'credential.issued',
  pipelineRunId: 'jenkins/payments-api/42',
  actor: 'ci',
  subject: 'cred-1',
  detail: { role: 'deploy', scopes: ['read', 'write'] },
  prevHash: GENESIS_HASH,
};

describe(auditEntryHash.name, () => {
  it('gives the same hash whatever order the detail keys were written in', () => {
    expect(auditEntryHash({ ...fields, detail: { scopes: ['read', 'write'], role: 'deploy' } })).toBe(auditEntryHash(fields));
  });

  it('changes when any hashed field changes', () => {
    const original = auditEntryHash(fields);
    const changed = [
      { ...fields, seq: 2 },
      { ...fields, at: '2026-01-02T03:04:05.679Z' },
      { ...fields, kind: 'credential.revoked' },
      { ...fields, pipelineRunId: null },
      { ...fields, actor: 'someone-else' },
      { ...fields, subject: 'cred-2' },
      { ...fields, detail: { role: 'deploy', scopes: ['write', 'read'] } },
      { ...fields, prevHash: 'f'.repeat(64) },
    ].map(auditEntryHash);

    expect(new Set([original, ...changed]).size).toBe(changed.length + 1);
  });

  it('hashes the RFC 8785 canonical JSON of the entry', () => {
    const canonical =
      '{"actor":"ci","at":"2026-01-02T03:04:05.678Z","detail":{"role":"deploy","scopes":["read","write"]},"kind":"credential.issued",' +
      `"pipelineRunId":"jenkins/payments-api/42","prevHash":"${GENESIS_HASH}","seq":1,"subject":"cred-1"}`;
    const expected = createHash('sha256').update(canonical, 'utf8').digest('hex');

    expect(auditEntryHash(fields)).toBe(expected);
  });
});

describe(hashedTime.name, () => {
  it('turns a whole-millisecond Postgres time into the Date#toISOString form', () => {
    expect(hashedTime('2026-01-02T03:04:05.678000Z')).toBe('2026-01-02T03:04:05.678Z');
    expect(hashedTime('2026-01-02T03:04:05.000000Z')).toBe(new Date('2026-01-02T03:04:05Z').toISOString());
  });

  it('keeps microseconds, so a time edited below the millisecond no longer matches', () => {
    expect(hashedTime('2026-01-02T03:04:05.678001Z')).toBe('2026-01-02T03:04:05.678001Z');
  });
});
