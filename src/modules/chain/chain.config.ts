import crypto from 'node:crypto';
import { sha256Bytes } from '../../common/hashing/canonical';
import { PSEUDONYM_KEY_ID } from './pseudonym';

/** The chain module's configuration (issue 17), read from the environment by `loadConfig`. */
export interface ChainConfig {
  /** Keys for BSN pseudonyms by key id; `currentKeyId` pseudonymises people seen for the first time. */
  pseudonymKeys: ReadonlyMap<string, Buffer>;
  currentKeyId: string;
  /** Shared secret the chain gateway presents as `Authorization: Bearer …` on POST /notificaties. */
  inboundSecret: string;
  /** OINs allowed as `bron` of a notification (DUO's). */
  senderOins: readonly string[];
  /** Base URL of the source's Inburgeringsplicht API (raadpleging); undefined = the shipped simulator. */
  sourceUrl: string | undefined;
  /** The engine's own OIN, sent as `bron` when it consults the source. */
  engineOin: string;
  /** Delivery to the municipalities' endpoints (decision 1510). */
  delivery: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; timeoutMs: number };
  /** Development defaults in use: printed as a warning at startup. */
  warnings: string[];
}

/** A whole number from the environment within [min, max], or the default; a problem otherwise. */
function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}`);
    return fallback;
  }
  return value;
}

const DEV_KEY = 'development-only-pseudonym-key-not-secret-0123456789';
const DEV_SECRET = 'development-only-chain-inbound-secret-0123456789';
/** Placeholder OINs for development and tests (20 digits); production sets the real ones. */
export const DEV_SENDER_OIN = '00000001800000000001';
export const DEV_ENGINE_OIN = '00000001800000000002';
const OIN = /^\d{20}$/;

/**
 * Reads PSEUDONYM_KEYS (`kid:secret,kid:secret`, secrets of 32+ characters), PSEUDONYM_KEY_ID,
 * CHAIN_INBOUND_SECRET, CHAIN_SENDER_OINS, CHAIN_SOURCE_URL and ENGINE_OIN. Outside production a
 * missing key or secret falls back to a development default with a warning; production refuses to
 * start without them (decision 1501).
 */
export function chainConfig(env: NodeJS.ProcessEnv, nodeEnv: string, problems: string[]): ChainConfig {
  const warnings: string[] = [];
  const production = nodeEnv === 'production';
  const keys = new Map<string, Buffer>();
  const rawKeys = env.PSEUDONYM_KEYS ?? '';
  if (rawKeys === '') {
    if (production) {
      problems.push('in production set PSEUDONYM_KEYS (kid:secret,…) and PSEUDONYM_KEY_ID');
    } else {
      warnings.push('PSEUDONYM_KEYS is not set: using the development pseudonym key (never use it for real BSNs)');
    }
    keys.set('dev', Buffer.from(DEV_KEY, 'utf8'));
  } else {
    for (const part of rawKeys.split(',')) {
      const at = part.indexOf(':');
      const kid = at < 0 ? '' : part.slice(0, at).trim();
      const secret = at < 0 ? '' : part.slice(at + 1).trim();
      if (!PSEUDONYM_KEY_ID.test(kid) || secret.length < 32 || keys.has(kid)) {
        problems.push('PSEUDONYM_KEYS must be kid:secret pairs, kid 1-12 of a-z0-9, unique, secret at least 32 characters');
        break;
      }
      keys.set(kid, Buffer.from(secret, 'utf8'));
    }
  }
  const currentKeyId =
    env.PSEUDONYM_KEY_ID === undefined || env.PSEUDONYM_KEY_ID === '' ? ([...keys.keys()].at(-1) ?? 'dev') : env.PSEUDONYM_KEY_ID;
  if (!keys.has(currentKeyId)) {
    problems.push(`PSEUDONYM_KEY_ID "${currentKeyId}" is not one of the keys in PSEUDONYM_KEYS`);
  }
  let inboundSecret = env.CHAIN_INBOUND_SECRET ?? '';
  if (inboundSecret === '') {
    if (production) {
      problems.push('in production set CHAIN_INBOUND_SECRET (32+ characters)');
    } else {
      warnings.push('CHAIN_INBOUND_SECRET is not set: using the development secret for POST /notificaties');
    }
    inboundSecret = DEV_SECRET;
  } else if (inboundSecret.length < 32) {
    problems.push('CHAIN_INBOUND_SECRET must be at least 32 characters');
  }
  const senderOins = (env.CHAIN_SENDER_OINS ?? (production ? '' : DEV_SENDER_OIN))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (senderOins.length === 0 || senderOins.some((o) => !OIN.test(o))) {
    problems.push('CHAIN_SENDER_OINS must be a comma-separated list of 20-digit OINs');
  }
  const engineOin = env.ENGINE_OIN ?? (production ? '' : DEV_ENGINE_OIN);
  if (!OIN.test(engineOin)) {
    problems.push('ENGINE_OIN must be the engine’s 20-digit OIN');
  }
  const sourceUrl =
    env.CHAIN_SOURCE_URL === undefined || env.CHAIN_SOURCE_URL === '' ? undefined : env.CHAIN_SOURCE_URL.replace(/\/+$/, '');
  if (sourceUrl !== undefined && !/^https?:\/\//.test(sourceUrl)) {
    problems.push('CHAIN_SOURCE_URL must be an http(s) URL');
  }
  if (sourceUrl === undefined && production) {
    problems.push('in production set CHAIN_SOURCE_URL (the source’s Inburgeringsplicht API)');
  }
  const delivery = {
    maxAttempts: intSetting(env, 'CHAIN_DELIVERY_MAX_ATTEMPTS', 10, 1, 100, problems),
    baseDelayMs: intSetting(env, 'CHAIN_DELIVERY_BASE_DELAY_MS', 1000, 10, 3_600_000, problems),
    maxDelayMs: intSetting(env, 'CHAIN_DELIVERY_MAX_DELAY_MS', 600_000, 10, 86_400_000, problems),
    timeoutMs: intSetting(env, 'CHAIN_DELIVERY_TIMEOUT_MS', 5000, 100, 60_000, problems),
  };
  return { pseudonymKeys: keys, currentKeyId, inboundSecret, senderOins, sourceUrl, engineOin, delivery, warnings };
}

/** Constant-time comparison of a presented bearer secret. */
export function secretMatches(presented: string, expected: string): boolean {
  const a = sha256Bytes(presented);
  const b = sha256Bytes(expected);
  return crypto.timingSafeEqual(a, b);
}
