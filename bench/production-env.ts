import crypto from 'node:crypto';
import { loadConfig, type Config } from '../src/config';

/**
 * Imported first by `npm run bench` (src/cli/bench.ts), before graphql-js or Apollo load: the
 * benchmarks measure the code as production runs it. graphql-js reads NODE_ENV once, when it is
 * loaded, to decide whether to run its development-mode `instanceOf` checks; Apollo reads it for
 * its defaults. The results state the mode (`machine.nodeEnv`).
 */
process.env.NODE_ENV = 'production';

// Production requires the checkpoint signing key (decision 1701); a benchmark signs with a key
// made for this run unless one is given.
process.env.CHECKPOINT_SIGNING_KEY ??= crypto
  .generateKeyPairSync('ed25519')
  .privateKey.export({ format: 'der', type: 'pkcs8' })
  .toString('base64');

export const BENCH_NODE_ENV = process.env.NODE_ENV;

/**
 * What a production server also requires beside the token settings (the chain's pseudonym key,
 * inbound secret, OINs and source, decision 1501), for the benchmarks that start the compiled
 * server: benchmark values, never real ones (the same as test/helpers/production-env.ts).
 */
export const BENCH_CHAIN_ENV: Record<string, string> = {
  PSEUDONYM_KEYS: 'k1:bench-pseudonym-key-0123456789abcdefghijk',
  PSEUDONYM_KEY_ID: 'k1',
  CHAIN_INBOUND_SECRET: 'bench-inbound-secret-0123456789abcdefghi',
  CHAIN_SENDER_OINS: '00000001234567890000',
  ENGINE_OIN: '00000001800000000002',
  CHAIN_SOURCE_URL: 'http://127.0.0.1:9/inburgeringsplicht',
};

/** The token secret of the benchmarks' servers: made for this process, never stored. */
export const BENCH_JWT_SECRET = `bench-jwt-${crypto.randomBytes(24).toString('hex')}`;

/**
 * The configuration of a benchmark's in-process server: production mode, as `npm run bench`
 * measures, with the chain settings above and `BENCH_JWT_SECRET`; `env` is laid over it. It goes
 * through `loadConfig`, so whatever production comes to require shows up here (on 2026-12-07 the
 * graphql-read benchmark failed: it still passed only the token settings).
 */
export function benchConfig(env: NodeJS.ProcessEnv = {}): Config {
  return loadConfig(
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      JWT_SECRET: BENCH_JWT_SECRET,
      CHECKPOINT_SIGNING_KEY: process.env.CHECKPOINT_SIGNING_KEY,
      ...BENCH_CHAIN_ENV,
      ...env,
    },
    [],
  );
}
