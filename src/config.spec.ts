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

  it('refuses booleans other than true and false, together with every other bad value', () => {
    let error: unknown;
    try {
      loadConfig({ EMBEDDED_EPHEMERAL: 'maybe', LOAD_FIXTURES: 'yes', LOG_LEVEL: 'verbose' }, []);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'EMBEDDED_EPHEMERAL must be true or false, got "maybe"',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "verbose"',
      'LOAD_FIXTURES must be true or false, got "yes"',
    ]);
  });

  it.each([
    ['true', true],
    ['false', false],
    ['', true],
  ])('reads LOAD_FIXTURES=%j as %s', (value, expected) => {
    expect(loadConfig({ LOAD_FIXTURES: value }, []).loadFixtures).toBe(expected);
  });

  it('runs the embedded database on baseline WebAssembly code unless EMBEDDED_WASM_OPTIMISE=true', () => {
    expect(loadConfig({}, []).embeddedWasmOptimise).toBe(false);
    expect(loadConfig({ EMBEDDED_WASM_OPTIMISE: 'true' }, []).embeddedWasmOptimise).toBe(true);
    expect(() => loadConfig({ EMBEDDED_WASM_OPTIMISE: 'yes' }, [])).toThrow(/EMBEDDED_WASM_OPTIMISE must be true or false/);
  });

  it('compiles the chain inbound validator after the banner unless CHAIN_INBOUND_WARM_UP=false', () => {
    expect(loadConfig({}, []).chainInboundWarmUp).toBe(true);
    expect(loadConfig({ CHAIN_INBOUND_WARM_UP: 'false' }, []).chainInboundWarmUp).toBe(false);
    expect(() => loadConfig({ CHAIN_INBOUND_WARM_UP: 'no' }, [])).toThrow(/CHAIN_INBOUND_WARM_UP must be true or false/);
  });

  it('keeps the embedded database in memory with EMBEDDED_EPHEMERAL=true, on disk with false', () => {
    expect(loadConfig({ EMBEDDED_EPHEMERAL: 'true' }, []).embeddedDataDir).toBeUndefined();
    expect(loadConfig({ EMBEDDED_EPHEMERAL: 'false' }, []).embeddedDataDir).toMatch(/data\/pglite$/);
  });

  it('requires a verification key in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' }, [])).toThrow(/JWT_JWKS_URL or JWT_PUBLIC_KEY/);
  });
});
