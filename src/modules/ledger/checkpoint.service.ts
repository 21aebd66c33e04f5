import crypto from 'node:crypto';
import { CompactSign, compactVerify, importJWK, type JWK } from 'jose';
import type { RequestContext } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { assertRole } from '../../common/auth/scope';
import { Role } from '../../common/auth/actor';
import { badInput } from '../../common/errors/domain-error';
import { canonicalJson } from '../../common/hashing/canonical';
import { GENESIS_HASH } from './journal-hash';
import { verifyJournal, type JournalVerification } from './ledger.verify';
import { verifyWholeJournal } from './whole-journal';
import { checkpointSigner } from './checkpoint.keys';
import { JournalCheckpointEntity } from './checkpoint.entity';

/**
 * Signed, verified checkpoints of the journal head (issue 20 item 8, issue 19 item 4; decision
 * 1701, docs/journal-hash.md "Checkpoints"). Publishing one verifies the chain from the previous
 * checkpoint to the head, and only then signs (sequence, hash, time, key id) with Ed25519 and
 * stores it append-only. A checkpoint an auditor keeps is checked against the journal with a full
 * verification: what is missing after it or rewritten before it is named.
 */
export const CHECKPOINT_FORMAT = 'ife-journal-checkpoint-v1';
export type CheckpointReason = 'DAILY' | 'EXPORT' | 'RECONCILIATION' | 'MANUAL';

/** The checkpoint as published and kept: its fields and the JWS over their canonical JSON. */
export interface CheckpointDocument {
  format: string;
  sequence: string;
  hash: string;
  time: string;
  keyId: string;
  /** JWS compact serialisation, alg EdDSA, payload = `checkpointPayload(this)`. */
  signature: string;
}

export interface PublishedCheckpoint {
  /** Null when the verification found the chain broken: nothing is signed then. */
  checkpoint: CheckpointDocument | null;
  /** The verification made for it: from `verifiedFrom` to the head. */
  verification: JournalVerification;
  verifiedFrom: string;
  reason: CheckpointReason;
}

/** The signed text: canonical JSON of the five fields (keys sorted, no whitespace). */
export function checkpointPayload(d: Omit<CheckpointDocument, 'signature'>): string {
  return canonicalJson({ format: d.format, sequence: d.sequence, hash: d.hash, time: d.time, keyId: d.keyId });
}

export function documentOf(row: JournalCheckpointEntity): CheckpointDocument {
  return {
    format: CHECKPOINT_FORMAT,
    sequence: row.sequence,
    hash: row.hash.trim(),
    time: row.createdAt.toISOString(),
    keyId: row.keyId,
    signature: row.signature,
  };
}

/** The verification of a journal whose transaction at the checkpoint no longer has the checkpoint's hash. */
function checkpointNotCarried(from: { sequence: string; hash: string }, atLast: { id: string; hash: string } | null): JournalVerification {
  return {
    ok: false,
    count: 0,
    headSequence: from.sequence,
    headHash: from.hash,
    brokenAt: {
      transactionId: atLast?.id ?? '',
      sequence: from.sequence,
      problem: 'HASH_MISMATCH',
      expected: from.hash,
      actual: atLast?.hash ?? 'missing',
    },
  };
}

/** The latest checkpoint (highest sequence, then latest), or null. */
export async function lastCheckpoint(ctx: RequestContext): Promise<JournalCheckpointEntity | null> {
  return ctx.em.getRepository(JournalCheckpointEntity).findOne({ where: {}, order: { sequence: 'DESC', createdAt: 'DESC' } });
}

async function storedAt(ctx: RequestContext, sequence: string): Promise<{ id: string; hash: string } | null> {
  if (sequence === '0') {
    return { id: '', hash: GENESIS_HASH };
  }
  const rows = await ctx.em.query<{ id: string; hash: string }[]>('SELECT id, hash FROM journal_transactions WHERE sequence = $1::bigint', [
    sequence,
  ]);
  return rows[0] ? { id: rows[0].id, hash: rows[0].hash.trim() } : null;
}

/** Serialises publishers, so two checkpoints never verify the same range at once. */
const CHECKPOINT_LOCK = 'journal_checkpoints';

/**
 * Verifies the journal from the last checkpoint to the head and, when intact, signs and stores a
 * checkpoint of the head. Inside a caller's transaction it joins it. A broken chain (also: the
 * last checkpoint's transaction no longer carries its hash) returns `checkpoint: null`.
 */
export async function publishCheckpoint(
  ctx: RequestContext,
  reason: CheckpointReason,
  options: { cause?: string; full?: boolean } = {},
): Promise<PublishedCheckpoint> {
  const signer = await checkpointSigner();
  return runCommand(ctx, async (tx) => {
    await tx.em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [CHECKPOINT_LOCK]);
    // A full publication (the daily one) verifies from genesis, so tampering before the last
    // checkpoint is found within a day; the others verify only what is new since it.
    const last = options.full ? null : await lastCheckpoint(tx);
    const from = last ? { sequence: last.sequence, hash: last.hash.trim() } : { sequence: '0', hash: GENESIS_HASH };
    const verifiedFrom = (BigInt(from.sequence) + 1n).toString();
    const atLast = await storedAt(tx, from.sequence);
    if (atLast?.hash !== from.hash) {
      const verification = checkpointNotCarried(from, atLast);
      tx.log.error({ sequence: from.sequence }, 'journal no longer carries the last checkpoint: not signing');
      return { checkpoint: null, verification, verifiedFrom, reason };
    }
    const verification = await verifyJournal(tx, { from });
    if (!verification.ok) {
      tx.log.error({ brokenAt: verification.brokenAt }, 'journal chain broken after the last checkpoint: not signing');
      return { checkpoint: null, verification, verifiedFrom, reason };
    }
    const [{ now }] = await tx.em.query<[{ now: Date }]>(`SELECT date_trunc('milliseconds', clock_timestamp()) AS now`);
    const fields = {
      format: CHECKPOINT_FORMAT,
      sequence: verification.headSequence,
      hash: verification.headHash,
      time: now.toISOString(),
      keyId: signer.keyId,
    };
    const signature = await new CompactSign(new TextEncoder().encode(checkpointPayload(fields)))
      .setProtectedHeader({ alg: 'EdDSA', kid: signer.keyId, typ: 'ife-checkpoint+jws' })
      .sign(signer.privateKey);
    await tx.em.getRepository(JournalCheckpointEntity).insert({
      id: crypto.randomUUID(),
      sequence: fields.sequence,
      hash: fields.hash,
      verifiedFrom,
      reason,
      cause: options.cause?.slice(0, 500) ?? null,
      createdAt: now,
      keyId: signer.keyId,
      publicKey: JSON.stringify(signer.publicJwk),
      signature,
    });
    return { checkpoint: { ...fields, signature }, verification, verifiedFrom, reason };
  });
}

/** Published checkpoints, newest first (ministry roles). */
export async function listCheckpoints(
  ctx: RequestContext,
  first = 50,
): Promise<(CheckpointDocument & { reason: string; verifiedFrom: string })[]> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  if (!Number.isInteger(first) || first < 1 || first > 500) {
    throw badInput('first', 'a whole number from 1 to 500');
  }
  const rows = await ctx.em.getRepository(JournalCheckpointEntity).find({ order: { createdAt: 'DESC', sequence: 'DESC' }, take: first });
  return rows.map((r) => ({ ...documentOf(r), reason: r.reason, verifiedFrom: r.verifiedFrom }));
}

/** The public key that signs new checkpoints, as a JWK, for verification outside the engine. */
export async function checkpointPublicKey(ctx: RequestContext): Promise<{ keyId: string; jwk: JWK; ephemeral: boolean }> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  const signer = await checkpointSigner();
  return { keyId: signer.keyId, jwk: signer.publicJwk, ephemeral: signer.ephemeral };
}

/** Reads a kept checkpoint (its JSON text), every field checked and named. */
export function parseCheckpoint(text: string, field = 'checkpoint'): CheckpointDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw badInput(field, 'a checkpoint as JSON (the document journalCheckpoints returns)');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw badInput(field, 'a JSON object with format, sequence, hash, time, keyId and signature');
  }
  const r = raw as Record<string, unknown>;
  const str = (name: string, pattern: RegExp, what: string): string => {
    const v = r[name];
    if (typeof v !== 'string' || !pattern.test(v)) {
      throw badInput(`${field}.${name}`, what);
    }
    return v;
  };
  const doc: CheckpointDocument = {
    format: str('format', new RegExp(`^${CHECKPOINT_FORMAT}$`), `"${CHECKPOINT_FORMAT}"`),
    sequence: str('sequence', /^(0|[1-9]\d{0,18})$/, 'the sequence as a decimal string'),
    hash: str('hash', /^[0-9a-f]{64}$/, '64 lowercase hex digits'),
    time: str('time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'an ISO-8601 UTC time with milliseconds'),
    keyId: str('keyId', /^[A-Za-z0-9_.:-]{1,100}$/, 'the key id'),
    signature: str('signature', /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'a JWS compact serialisation'),
  };
  return doc;
}

export interface CheckpointCheck {
  ok: boolean;
  signatureValid: boolean;
  checkpointSequence: string;
  /** The intact head of the journal now. */
  headSequence: string;
  headHash: string;
  /** Each problem in words: what is missing, rewritten or broken. Empty when ok. */
  problems: string[];
}

async function publicKeyFor(ctx: RequestContext, keyId: string): Promise<JWK | null> {
  const signer = await checkpointSigner();
  if (signer.keyId === keyId) {
    return signer.publicJwk;
  }
  const row = await ctx.em.getRepository(JournalCheckpointEntity).findOne({ where: { keyId }, order: { createdAt: 'DESC' } });
  return row ? (JSON.parse(row.publicKey) as JWK) : null;
}

/** Checks the signature of a kept checkpoint with the engine's keys. */
export async function checkpointSignatureProblem(ctx: RequestContext, doc: CheckpointDocument): Promise<string | null> {
  const jwk = await publicKeyFor(ctx, doc.keyId);
  if (jwk === null) {
    return `signed by key ${doc.keyId}, which this engine never used: the signature cannot be checked`;
  }
  try {
    const { payload, protectedHeader } = await compactVerify(doc.signature, await importJWK(jwk, 'EdDSA'));
    if (protectedHeader.kid !== doc.keyId || new TextDecoder().decode(payload) !== checkpointPayload(doc)) {
      return 'the signature does not cover this sequence, hash, time and key id: the checkpoint was altered';
    }
    return null;
  } catch {
    return 'the signature is not valid for this key: the checkpoint was altered or not signed by this engine';
  }
}

/**
 * A full verification of the journal against a checkpoint the auditor kept: the signature, the
 * whole chain from genesis, that the journal still reaches the checkpoint's sequence, and that the
 * transaction there still has the checkpoint's hash.
 */
export async function checkAgainstCheckpoint(ctx: RequestContext, doc: CheckpointDocument): Promise<CheckpointCheck> {
  const problems: string[] = [];
  // The signature, the whole walk (shared with the requests that arrive while it runs, decision
  // 1880) and the journal at the checkpoint's sequence, side by side: each check as before.
  const [signatureProblem, full, [{ head }], atSequence] = await Promise.all([
    checkpointSignatureProblem(ctx, doc),
    verifyWholeJournal(ctx),
    ctx.em.query<[{ head: string }]>(`SELECT COALESCE(max(sequence), 0)::text AS head FROM journal_transactions`),
    storedAt(ctx, doc.sequence),
  ]);
  if (signatureProblem !== null) {
    problems.push(signatureProblem);
  }
  if (!full.ok && full.brokenAt) {
    const b = full.brokenAt;
    problems.push(`chain broken at sequence ${b.sequence} (${b.problem}): expected ${b.expected}, found ${b.actual}`);
  }
  if (BigInt(head) < BigInt(doc.sequence)) {
    problems.push(`transactions after sequence ${head} missing: the checkpoint has sequence ${doc.sequence}`);
  } else {
    const stored = atSequence;
    if (stored?.hash !== doc.hash) {
      problems.push(
        `hash at sequence ${doc.sequence} differs: chain rewritten (checkpoint ${doc.hash}, journal ${stored?.hash ?? 'missing'})`,
      );
    }
  }
  return {
    ok: problems.length === 0,
    signatureValid: signatureProblem === null,
    checkpointSequence: doc.sequence,
    headSequence: full.headSequence,
    headHash: full.headHash,
    problems,
  };
}

/** The auditor's check from GraphQL or the console: the kept checkpoint's JSON text. */
export async function checkJournalAgainstCheckpoint(ctx: RequestContext, checkpoint: string): Promise<CheckpointCheck> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  return checkAgainstCheckpoint(ctx, parseCheckpoint(checkpoint));
}

/** A verification from the last checkpoint to the head: what the console's journal page shows on load. */
export interface VerificationSinceCheckpoint {
  verification: JournalVerification;
  /** The first sequence this walk verified ('1': from genesis). */
  verifiedFrom: string;
  /** The checkpoint it started from; null when there is none (or none to trust): verified from genesis. */
  checkpoint: (CheckpointDocument & { reason: string; verifiedFrom: string }) | null;
}

/**
 * Verifies the chain from the last checkpoint to the head, read-only (decision 1770): the
 * checkpoint's signature is checked, and the transaction at its sequence must still carry its
 * hash (otherwise BROKEN there, as `publishCheckpoint` does); then only what was appended since is
 * walked. Without a checkpoint, or with one whose signature does not hold, it verifies from
 * genesis. Nothing is signed or stored: the full verification (`verifyJournal`, the job, the
 * daily checkpoint) stays one call away and is the one that finds a row changed before the
 * checkpoint with its stored hash left alone.
 */
export async function verifySinceLastCheckpoint(ctx: RequestContext): Promise<VerificationSinceCheckpoint> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  const last = await lastCheckpoint(ctx);
  const trusted = last !== null && (await checkpointSignatureProblem(ctx, documentOf(last))) === null ? last : null;
  if (last !== null && trusted === null) {
    ctx.log.warn({ sequence: last.sequence }, 'last journal checkpoint does not carry a valid signature: verifying from genesis');
  }
  const from = trusted ? { sequence: trusted.sequence, hash: trusted.hash.trim() } : { sequence: '0', hash: GENESIS_HASH };
  const verifiedFrom = (BigInt(from.sequence) + 1n).toString();
  const checkpoint = trusted ? { ...documentOf(trusted), reason: trusted.reason, verifiedFrom: trusted.verifiedFrom } : null;
  // One statement: the transaction at the checkpoint, and whether anything came after it.
  const [state] = await ctx.em.query<{ id: string | null; hash: string | null; more: boolean }[]>(
    `SELECT t.id, t.hash, EXISTS (SELECT 1 FROM journal_transactions n WHERE n.sequence > $1::bigint) AS more
       FROM (SELECT 1) AS one LEFT JOIN journal_transactions t ON t.sequence = $1::bigint AND $1::bigint > 0`,
    [from.sequence],
  );
  const atLast =
    from.sequence === '0' ? { id: '', hash: GENESIS_HASH } : state?.hash ? { id: state.id ?? '', hash: state.hash.trim() } : null;
  if (atLast?.hash !== from.hash) {
    return {
      verifiedFrom,
      checkpoint,
      verification: checkpointNotCarried(from, atLast),
    };
  }
  if (state?.more !== true) {
    // Nothing after the checkpoint: what the walk would return, without opening one.
    return {
      verifiedFrom,
      checkpoint,
      verification: { ok: true, count: 0, headSequence: from.sequence, headHash: from.hash, brokenAt: null },
    };
  }
  return { verifiedFrom, checkpoint, verification: await verifyJournal(ctx, trusted ? { from } : {}) };
}
