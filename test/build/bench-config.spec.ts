import { BENCH_CHAIN_ENV, BENCH_JWT_SECRET, benchConfig } from '../../bench/production-env';
import { loadConfig } from '../../src/config';

// The benchmarks that start a server in-process do so in production mode, which refuses a
// configuration without its secrets and chain settings. On 2026-12-07 `npm run bench` failed in
// graphql-read for that reason: production had come to require the chain's settings since the
// benchmark was written, and it passed only the token settings.
describe('benchConfig (the configuration of a benchmark server)', () => {
  it('is a production configuration that loadConfig accepts', () => {
    const config = benchConfig();
    expect(config.nodeEnv).toBe('production');
    expect(config.chain.engineOin).toBe(BENCH_CHAIN_ENV.ENGINE_OIN);
    expect(config.chain.sourceUrl).toBe(BENCH_CHAIN_ENV.CHAIN_SOURCE_URL);
  });

  it('lays the given variables over its own', () => {
    expect(benchConfig({ CHAIN_SOURCE_URL: 'http://127.0.0.1:4321/' }).chain.sourceUrl).toBe('http://127.0.0.1:4321');
  });

  it('makes its token secret for this process only', () => {
    expect(BENCH_JWT_SECRET).toMatch(/^bench-jwt-[0-9a-f]{48}$/);
  });

  it('is needed: production with the token settings alone is refused', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: BENCH_JWT_SECRET, CHECKPOINT_SIGNING_KEY: process.env.CHECKPOINT_SIGNING_KEY }, []),
    ).toThrow(/CHAIN_SOURCE_URL/);
  });
});
