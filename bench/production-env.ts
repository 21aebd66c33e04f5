import crypto from 'node:crypto';

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
