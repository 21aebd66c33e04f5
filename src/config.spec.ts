import { ConfigError, loadConfig } from './config';

describe('configuration from the environment', () => {
  it('defaults to the embedded database under ./data and port 4000', () => {
    const c = loadConfig({}, []);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.embeddedDataDir).toMatch(/data\/pglite$/);
    expect(c.port).toBe(4000);
  });

  it('keeps the embedded database in memory with --ephemeral', () => {
    expect(loadConfig({}, ['node', 'main', '--ephemeral']).embeddedDataDir).toBeUndefined();
  });

  it('reports every bad value at once, each with what was expected', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short', LOG_LEVEL: 'loud', MAX_QUERY_DEPTH: '1' }, []);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT must be a whole number/);
    expect(problems).toMatch(/DATABASE_URL must start with postgres/);
    expect(problems).toMatch(/JWT_SECRET must be at least 32/);
    expect(problems).toMatch(/LOG_LEVEL must be one of/);
    expect(problems).toMatch(/MAX_QUERY_DEPTH/);
  });

  it('requires a verification key in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' }, [])).toThrow(/JWT_JWKS_URL or JWT_PUBLIC_KEY/);
  });
});
