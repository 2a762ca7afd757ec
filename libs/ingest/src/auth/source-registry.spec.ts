import { SourceRegistry } from './source-registry';

const SECRET = 's'.repeat(40);

describe(SourceRegistry.name, () => {
  it('resolves an HMAC secret from the environment without exposing it in the config', () => {
    const registry = SourceRegistry.fromObject({ sources: [{ id: 'ci', hmac: { secretEnv: 'CI_HMAC' } }] }, { CI_HMAC: SECRET });
    expect(registry.get('ci')?.hmacSecret?.toString()).toBe(SECRET);
    expect(registry.get('ci')?.ratePerMinute).toBe(600);
  });

  it('names the path and problem of every invalid entry', () => {
    expect(() =>
      SourceRegistry.fromObject({ sources: [{ id: 'Bad Id', basic: { username: 'u', passwordHash: 'plaintext' } }] }, {}),
    ).toThrow('ingest sources: sources.0.id: expected a lowercase id like jenkins-prod; sources.0.basic.passwordHash: expected an scrypt hash');
  });

  it('refuses a short or missing secret without printing it', () => {
    let message = '';
    try {
      SourceRegistry.fromObject({ sources: [{ id: 'ci', hmac: { secretEnv: 'CI_HMAC' } }] }, { CI_HMAC: 'short-secret' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe('ingest sources: source ci: HMAC secret must be at least 32 characters (env CI_HMAC)');
    expect(message).not.toContain('short-secret');
  });

  it('refuses a source without any way to authenticate, and duplicate ids', () => {
    expect(() => SourceRegistry.fromObject({ sources: [{ id: 'ci' }] }, {})).toThrow('a source needs at least one of hmac, basic or oidc');
    const entry = { id: 'ci', hmac: { secretEnv: 'CI_HMAC' } };
    expect(() => SourceRegistry.fromObject({ sources: [entry, entry] }, { CI_HMAC: SECRET })).toThrow('duplicate source id "ci"');
  });
});
