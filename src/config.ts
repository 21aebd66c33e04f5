import { FIXTURE_HISTORIES } from './common/db/fixture-snapshot';
import path from 'node:path';
import { chainConfig, type ChainConfig } from './modules/chain';
import { checkpointKeyProblems } from './modules/ledger';

export type DatabaseMode = 'external' | 'embedded';

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** Where the embedded database keeps its files; undefined means in memory. */
  embeddedDataDir: string | undefined;
  /**
   * Whether V8 may recompile the embedded database's WebAssembly with its optimising compiler
   * (TurboFan) as it runs. Off by default (decision 1840): PGlite then runs on the baseline code
   * (Liftoff), which opens the database in about half the time; heavy queries repeated in a long
   * session run up to about twice as fast with it on.
   */
  embeddedWasmOptimise: boolean;
  loadFixtures: boolean;
  logLevel: string;
  jwt: {
    /** HS256 secret (development). */
    secret: string | undefined;
    /** JWKS URL or PEM public key (production). */
    jwksUrl: string | undefined;
    publicKey: string | undefined;
    issuer: string | undefined;
    audience: string | undefined;
    /** Longest accepted token lifetime, exp − iat (or exp − now without iat), in seconds. */
    maxLifetimeSeconds: number;
  };
  /** Whether a caller without a token may introspect the schema and get field suggestions. */
  anonymousIntrospection: boolean;
  maxQueryDepth: number;
  maxQueryComplexity: number;
  /** Tokens of any document (graphql's parse `maxTokens`): a bigger one is refused while parsing. */
  maxDocumentTokens: number;
  /** Checked before parsing for callers without a token (decision 1151). */
  anonymousDocumentLimits: { maxChars: number; maxTokens: number; maxAliases: number };
  shutdownGraceMs: number;
  /** Connections to an external PostgreSQL (the embedded one takes exactly one). */
  dbPoolSize: number;
  /** How long a request waits for a free connection before it is answered SERVICE_UNAVAILABLE. */
  dbPoolTimeoutMs: number;
  /** The integration chain (issue 17): pseudonym keys, the inbound secret, the source to consult. */
  chain: ChainConfig;
  /**
   * Compile the validator of `POST /notificaties` in the background after the start-up banner, so
   * the first notification does not wait for it (some 0.6 s of CPU); when false, the first
   * notification compiles it. Test servers that receive no notifications switch it off.
   */
  chainInboundWarmUp: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return Number(raw);
}

/**
 * The one boolean parser of the configuration: `true` or `false`, nothing else (decision 1000).
 * Unset or empty is the default; `yes`, `1`, `maybe` are refused naming the variable, so a typo
 * never silently means "false".
 */
export function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  if (raw === 'true' || raw === 'false') {
    return raw === 'true';
  }
  problems.push(`${name} must be true or false, got "${raw}"`);
  return fallback;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads and validates the environment once at startup. Every bad value is reported together,
 * each with what was expected, so an operator fixes them in one go.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv): Config {
  const problems: string[] = [];
  const nodeEnv = (env.NODE_ENV ?? 'development') as Config['nodeEnv'];
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test, got "${String(env.NODE_ENV)}"`);
  }
  const databaseUrl = env.DATABASE_URL === '' ? undefined : env.DATABASE_URL;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const ephemeral = bool(env, 'EMBEDDED_EPHEMERAL', false, problems) || argv.includes('--ephemeral');
  const embeddedDataDir = ephemeral ? undefined : path.resolve(env.EMBEDDED_DATA_DIR ?? './data/pglite');
  if (
    env.FIXTURE_HISTORY !== undefined &&
    env.FIXTURE_HISTORY !== '' &&
    !(FIXTURE_HISTORIES as readonly string[]).includes(env.FIXTURE_HISTORY)
  ) {
    problems.push(`FIXTURE_HISTORY must be compact or national, got "${env.FIXTURE_HISTORY}"`);
  }
  const logLevel = env.LOG_LEVEL === undefined || env.LOG_LEVEL === '' ? (nodeEnv === 'test' ? 'warn' : 'info') : env.LOG_LEVEL;
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}"`);
  }
  const secret = env.JWT_SECRET === '' ? undefined : env.JWT_SECRET;
  if (secret !== undefined && secret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters');
  }
  const jwksUrl = env.JWT_JWKS_URL === '' ? undefined : env.JWT_JWKS_URL;
  if (jwksUrl !== undefined && !/^https?:\/\//.test(jwksUrl)) {
    problems.push('JWT_JWKS_URL must be an http(s) URL');
  }
  const publicKey = env.JWT_PUBLIC_KEY === '' ? undefined : env.JWT_PUBLIC_KEY;
  if (publicKey !== undefined && !publicKey.includes('BEGIN PUBLIC KEY')) {
    problems.push('JWT_PUBLIC_KEY must be a PEM (SPKI) public key');
  }
  if (nodeEnv === 'production' && jwksUrl === undefined && publicKey === undefined && secret === undefined) {
    problems.push('in production set JWT_JWKS_URL or JWT_PUBLIC_KEY (or JWT_SECRET)');
  }
  const config: Config = {
    nodeEnv,
    port: int(env, 'PORT', 4000, 0, 65535, problems),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl,
    embeddedDataDir,
    embeddedWasmOptimise: bool(env, 'EMBEDDED_WASM_OPTIMISE', false, problems),
    loadFixtures: bool(env, 'LOAD_FIXTURES', true, problems),
    chainInboundWarmUp: bool(env, 'CHAIN_INBOUND_WARM_UP', true, problems),
    logLevel,
    jwt: {
      secret,
      jwksUrl,
      publicKey,
      issuer: env.JWT_ISSUER === '' ? undefined : env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE === '' ? undefined : env.JWT_AUDIENCE,
      maxLifetimeSeconds: int(env, 'JWT_MAX_LIFETIME_SECONDS', 12 * 3600, 60, 7 * 24 * 3600, problems),
    },
    // Production shows anonymous callers neither the schema nor "Did you mean …" (issue 20 item 3).
    anonymousIntrospection: bool(env, 'ANONYMOUS_INTROSPECTION', nodeEnv !== 'production', problems),
    maxQueryDepth: int(env, 'MAX_QUERY_DEPTH', 10, 2, 100, problems),
    maxQueryComplexity: int(env, 'MAX_QUERY_COMPLEXITY', 20000, 10, 10_000_000, problems),
    maxDocumentTokens: int(env, 'MAX_DOCUMENT_TOKENS', 20000, 100, 10_000_000, problems),
    anonymousDocumentLimits: {
      maxChars: int(env, 'ANONYMOUS_MAX_DOCUMENT_CHARS', 20000, 100, 10_000_000, problems),
      maxTokens: int(env, 'ANONYMOUS_MAX_DOCUMENT_TOKENS', 2000, 10, 10_000_000, problems),
      maxAliases: int(env, 'ANONYMOUS_MAX_ALIASES', 10, 0, 100_000, problems),
    },
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 10000, 0, 600000, problems),
    dbPoolSize: int(env, 'DB_POOL_SIZE', 10, 1, 200, problems),
    dbPoolTimeoutMs: int(env, 'DB_POOL_TIMEOUT_MS', 30000, 100, 600000, problems),
    chain: chainConfig(env, nodeEnv, problems),
  };
  checkpointKeyProblems(env, nodeEnv, problems);
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return config;
}
