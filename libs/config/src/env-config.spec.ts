import { ConfigError, describeConfig, envVar, loadConfig, sensitive } from './index';

const shape = {
  NATS_URL: envVar.url(['nats', 'tls'], 'nats://127.0.0.1:4222'),
  DATABASE_URL: envVar.url(['postgres', 'postgresql']),
  PORT: envVar.port(8080),
  API_TOKEN: sensitive(envVar.string()),
};

describe(loadConfig.name, () => {
  it('applies defaults and coerces numbers when variables are valid', () => {
    const config = loadConfig(shape, { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x', API_TOKEN: 't0ken' });
    expect(config).toEqual({
      NATS_URL: 'nats://127.0.0.1:4222',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x',
      PORT: 8080,
      API_TOKEN: 't0ken',
    });
  });

  it('names every bad variable and what is wrong when several are invalid', () => {
    let error: unknown;
    try {
      loadConfig(shape, { NATS_URL: 'http://x', PORT: '70000', API_TOKEN: 'super-secret-value' , DATABASE_URL: undefined });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues).toEqual([
      { variable: 'NATS_URL', problem: 'expected a URL with scheme nats or tls' },
      { variable: 'DATABASE_URL', problem: 'is required but not set' },
      { variable: 'PORT', problem: 'expected a port between 0 and 65535' },
    ]);
    expect((error as Error).message).not.toContain('super-secret-value');
  });

  it('treats an empty variable as unset', () => {
    expect(() => loadConfig(shape, { DATABASE_URL: '', API_TOKEN: 'x' })).toThrow('DATABASE_URL: is required but not set');
  });
});

describe(describeConfig.name, () => {
  it('masks sensitive values and URL passwords when describing a config', () => {
    const config = loadConfig(shape, { DATABASE_URL: 'postgres://app:hunter2@db:5432/x', API_TOKEN: 'secret-token' });
    const view = describeConfig(shape, config);
    expect(JSON.stringify(view)).not.toContain('hunter2');
    expect(JSON.stringify(view)).not.toContain('secret-token');
    expect(view.API_TOKEN).toBe('***');
    expect(view.DATABASE_URL).toBe('postgres://app:***@db:5432/x');
  });
});
