import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { SignJWT, jwtVerify, createRemoteJWKSet, importSPKI, type JWTVerifyGetKey, type JWTPayload } from 'jose';
import type { Config } from '../../config';
import { DomainError } from '../errors/domain-error';
import { MUNICIPALITY_CODE, Role, type Actor } from './actor';

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

export interface TokenVerifier {
  verify(token: string): Promise<Actor>;
}

/** Development secret kept beside the embedded database (never in the repository). */
export function devSecret(dir = path.resolve('./data')): string {
  const file = path.join(dir, 'dev-jwt-secret');
  if (fs.existsSync(file)) {
    return fs.readFileSync(file, 'utf8').trim();
  }
  fs.mkdirSync(dir, { recursive: true });
  const secret = crypto.randomBytes(32).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function resolveSecret(config: Config): string | undefined {
  if (config.jwt.secret !== undefined) {
    return config.jwt.secret;
  }
  if (config.nodeEnv !== 'production' && config.jwt.jwksUrl === undefined && config.jwt.publicKey === undefined) {
    return devSecret();
  }
  return undefined;
}

export function actorFromClaims(payload: JWTPayload): Actor {
  const role = payload.role;
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw new DomainError('UNAUTHENTICATED', 'token has no subject');
  }
  if (typeof role !== 'string' || !(Object.values(Role) as string[]).includes(role)) {
    throw new DomainError('UNAUTHENTICATED', 'token has no valid role');
  }
  const municipality = payload.municipality;
  if (role === Role.MUNICIPAL_CONTROLLER) {
    if (typeof municipality !== 'string' || !MUNICIPALITY_CODE.test(municipality)) {
      throw new DomainError('UNAUTHENTICATED', 'a controller token must name its municipality (GM + 4 digits)');
    }
    return { subject: payload.sub, role: Role.MUNICIPAL_CONTROLLER, municipalityCode: municipality };
  }
  return { subject: payload.sub, role: role as Role, municipalityCode: null };
}

/** How long a verified token is taken on its word again without checking its signature (decision 2060). */
export const VERIFIED_TOKEN_TTL_MS = 60_000;
/** At most this many verified tokens are remembered; the oldest is forgotten first. */
const VERIFIED_TOKENS_MAX = 10_000;

/**
 * HS256 with a shared secret (development), or an asymmetric key from a JWKS URL or a PEM public
 * key (production). Algorithms are pinned, so `alg: none` and algorithm confusion are refused.
 *
 * A token that passed is remembered by its exact text until it expires or for
 * `VERIFIED_TOKEN_TTL_MS`, whichever comes first, and its actor is given again without checking the
 * signature (decision 2060: the check, with jose importing the key each time, was 7 % of a list
 * read's CPU). Only the same bytes hit; anything else is verified. `now` is the clock (tests).
 */
export async function createTokenVerifier(config: Config, now: () => number = Date.now): Promise<TokenVerifier> {
  let key: Uint8Array | JWTVerifyGetKey | Awaited<ReturnType<typeof importSPKI>>;
  let algorithms: string[];
  if (config.jwt.jwksUrl !== undefined) {
    key = createRemoteJWKSet(new URL(config.jwt.jwksUrl));
    algorithms = ASYMMETRIC;
  } else if (config.jwt.publicKey !== undefined) {
    const alg = process.env.JWT_PUBLIC_KEY_ALG ?? 'RS256';
    key = await importSPKI(config.jwt.publicKey, alg);
    algorithms = [alg];
  } else {
    const secret = resolveSecret(config);
    if (secret === undefined) {
      throw new Error('no JWT verification key configured');
    }
    key = new TextEncoder().encode(secret);
    algorithms = ['HS256'];
  }
  const verified = new Map<string, { actor: Actor; until: number }>();
  return {
    async verify(token: string): Promise<Actor> {
      const at = now();
      const known = verified.get(token);
      if (known !== undefined) {
        if (at < known.until) {
          return known.actor;
        }
        verified.delete(token);
      }
      const options = { algorithms, issuer: config.jwt.issuer, audience: config.jwt.audience, currentDate: new Date(at) };
      let payload: JWTPayload;
      try {
        const result = typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
        payload = result.payload;
      } catch (error) {
        const reason = error instanceof Error && 'code' in error ? String((error as { code: unknown }).code) : 'invalid';
        throw new DomainError('UNAUTHENTICATED', `invalid token (${reason})`, { reason });
      }
      assertLifetime(payload, config.jwt.maxLifetimeSeconds, Math.floor(at / 1000));
      const actor = Object.freeze(actorFromClaims(payload));
      // jose refuses a token once the clock in seconds reaches `exp`, so it is good while at < exp·1000.
      const until = Math.min((payload.exp as number) * 1000, at + VERIFIED_TOKEN_TTL_MS);
      if (verified.size >= VERIFIED_TOKENS_MAX) {
        verified.delete(verified.keys().next().value as string);
      }
      verified.set(token, { actor, until });
      return actor;
    },
  };
}

/**
 * Every token must expire, and not too late (issue 20 item 3): `exp` is required, and its lifetime,
 * `exp − iat` (from now when `iat` is missing or in the future), at most `maxSeconds`
 * (`JWT_MAX_LIFETIME_SECONDS`). A stolen token of unbounded life is a key that never changes.
 */
export function assertLifetime(payload: JWTPayload, maxSeconds: number, nowSeconds = Math.floor(Date.now() / 1000)): void {
  if (typeof payload.exp !== 'number') {
    throw new DomainError('UNAUTHENTICATED', 'the token has no expiry (exp): tokens must expire', { reason: 'EXP_REQUIRED' });
  }
  const from = typeof payload.iat === 'number' ? Math.min(payload.iat, nowSeconds) : nowSeconds;
  const lifetime = payload.exp - from;
  if (lifetime > maxSeconds) {
    throw new DomainError(
      'UNAUTHENTICATED',
      `the token is valid for ${lifetime} s, longer than the ${maxSeconds} s allowed (JWT_MAX_LIFETIME_SECONDS)`,
      { reason: 'LIFETIME_TOO_LONG' },
    );
  }
}

export interface MintOptions {
  subject: string;
  role: Role;
  municipalityCode?: string | null;
  expiresIn?: string;
  issuer?: string;
  audience?: string;
}

export async function mintToken(secret: string, options: MintOptions): Promise<string> {
  const claims: Record<string, unknown> = { role: options.role };
  if (options.municipalityCode) {
    claims.municipality = options.municipalityCode;
  }
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.subject)
    // jose reads the clock in each call: expiry first, then issued-at, so a second ticking between
    // the two (likely on a loaded machine) shortens the lifetime by one second instead of making it
    // one second longer than JWT_MAX_LIFETIME_SECONDS allows (bad-input failed so under load).
    .setExpirationTime(options.expiresIn ?? '12h')
    .setIssuedAt();
  if (options.issuer) {
    jwt = jwt.setIssuer(options.issuer);
  }
  if (options.audience) {
    jwt = jwt.setAudience(options.audience);
  }
  return jwt.sign(new TextEncoder().encode(secret));
}

/** One token per role, for the development banner and the README's examples. */
export async function devTokens(secret: string, controllerMunicipality = 'GM0363'): Promise<Record<string, string>> {
  return {
    FINANCE_OFFICER: await mintToken(secret, { subject: 'dev-finance-officer', role: Role.FINANCE_OFFICER }),
    FINANCE_OFFICER_2: await mintToken(secret, { subject: 'dev-finance-officer-2', role: Role.FINANCE_OFFICER }),
    MUNICIPAL_CONTROLLER: await mintToken(secret, {
      subject: `dev-controller-${controllerMunicipality}`,
      role: Role.MUNICIPAL_CONTROLLER,
      municipalityCode: controllerMunicipality,
    }),
    AUDITOR: await mintToken(secret, { subject: 'dev-auditor', role: Role.AUDITOR }),
  };
}
