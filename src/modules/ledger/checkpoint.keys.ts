import crypto, { type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import { logger } from '../../common/logger';

/**
 * The Ed25519 key that signs journal checkpoints (issue 20 item 8, decision 1701).
 *
 * CHECKPOINT_SIGNING_KEY holds a PKCS#8 private key, as PEM (`-----BEGIN PRIVATE KEY-----`) or as
 * the base64 of its DER bytes; CHECKPOINT_KEY_ID optionally names it (default: the RFC 7638
 * thumbprint of its public JWK). Production refuses to start without it; development and tests
 * generate an ephemeral key at first use and say so in the log (its checkpoints carry their public
 * key, so they stay verifiable after a restart).
 */
export interface CheckpointSigner {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as a JWK (`kty: OKP`, `crv: Ed25519`) with `kid`, `alg: EdDSA`, `use: sig`. */
  publicJwk: JWK;
  /** True for the development key generated at start (not from the environment). */
  ephemeral: boolean;
}

/** The key in `raw` (PEM or base64 DER PKCS#8), or the reason it is unusable. */
export function parseSigningKey(raw: string): KeyObject | string {
  let key: KeyObject;
  try {
    key = raw.includes('-----BEGIN')
      ? crypto.createPrivateKey(raw)
      : crypto.createPrivateKey({ key: Buffer.from(raw.trim(), 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    return 'CHECKPOINT_SIGNING_KEY must be an Ed25519 private key, PKCS#8 as PEM or base64 DER';
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    return `CHECKPOINT_SIGNING_KEY must be an Ed25519 key, got ${key.asymmetricKeyType ?? 'unknown'}`;
  }
  return key;
}

/** Configuration check for loadConfig: a bad key is an error everywhere, a missing one in production. */
export function checkpointKeyProblems(env: NodeJS.ProcessEnv, nodeEnv: string, problems: string[]): void {
  const raw = env.CHECKPOINT_SIGNING_KEY;
  if (raw === undefined || raw === '') {
    if (nodeEnv === 'production') {
      problems.push('in production set CHECKPOINT_SIGNING_KEY (an Ed25519 PKCS#8 private key, PEM or base64 DER)');
    }
    return;
  }
  const key = parseSigningKey(raw);
  if (typeof key === 'string') {
    problems.push(key);
  }
  const kid = env.CHECKPOINT_KEY_ID;
  if (kid !== undefined && kid !== '' && !/^[A-Za-z0-9_.:-]{1,100}$/.test(kid)) {
    problems.push('CHECKPOINT_KEY_ID must be 1-100 of letters, digits, _ . : -');
  }
}

async function signerFrom(privateKey: KeyObject, kid: string | undefined, ephemeral: boolean): Promise<CheckpointSigner> {
  const publicKey = crypto.createPublicKey(privateKey);
  const bare = await exportJWK(publicKey);
  const keyId = kid !== undefined && kid !== '' ? kid : await calculateJwkThumbprint(bare);
  return { keyId, privateKey, publicKey, publicJwk: { ...bare, kid: keyId, alg: 'EdDSA', use: 'sig' }, ephemeral };
}

let current: Promise<CheckpointSigner> | undefined;

/** The process's signer, read from the environment once (or an ephemeral development key). */
export function checkpointSigner(env: NodeJS.ProcessEnv = process.env): Promise<CheckpointSigner> {
  current ??= (async () => {
    const raw = env.CHECKPOINT_SIGNING_KEY;
    if (raw === undefined || raw === '') {
      if (env.NODE_ENV === 'production') {
        throw new Error('CHECKPOINT_SIGNING_KEY is not set');
      }
      const { privateKey } = crypto.generateKeyPairSync('ed25519');
      const signer = await signerFrom(privateKey, undefined, true);
      logger.warn(
        { keyId: signer.keyId },
        'CHECKPOINT_SIGNING_KEY is not set: journal checkpoints are signed with an ephemeral development key (production requires one)',
      );
      return signer;
    }
    const key = parseSigningKey(raw);
    if (typeof key === 'string') {
      throw new Error(key);
    }
    return signerFrom(key, env.CHECKPOINT_KEY_ID, false);
  })();
  current.catch(() => {
    current = undefined;
  });
  return current;
}
