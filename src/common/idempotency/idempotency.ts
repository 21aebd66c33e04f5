import type { RequestContext } from '../../context';
import { badInput, conflict, type DomainError } from '../errors/domain-error';
import { RerunCommand } from '../db/run-command';

/**
 * What was stored under an idempotency key: the hash of the request that stored it, and how to
 * answer that request again (the original result, read back).
 */
export interface StoredRequest<T> {
  requestHash: string;
  replay(): Promise<T>;
}

export interface IdempotentCommand<T> {
  /** The key the client sent. */
  key: string;
  /** Dotted input path of the key, named in errors (`input.idempotencyKey`, `input.batchKey`). */
  field: string;
  /** What one key stands for, for messages: "allocation run", "payment run". */
  what: string;
  /** `requestHash(canonical request)`: every field of the request that changes what is done. */
  requestHash: string;
  /** Reads what is stored under the key, or null (undefined). Runs inside the command's transaction. */
  find(): Promise<StoredRequest<T> | null | undefined>;
  /** Does the work and stores the key with `requestHash`, in the same transaction. */
  perform(): Promise<T>;
}

const MAX_KEY_LENGTH = 200;

/** A key must be 1 to 200 characters: refused, naming the field, before any work. */
export function assertIdempotencyKey(key: unknown, field: string): void {
  if (typeof key !== 'string' || key.trim().length === 0 || key.length > MAX_KEY_LENGTH) {
    throw badInput(field, `give a key of 1 to ${MAX_KEY_LENGTH} characters (not only spaces)`);
  }
}

/**
 * The one refusal of a key used before for another request (decision 0103): CONFLICT with
 * `reason: IDEMPOTENCY_KEY_REUSED`, the key, the field, and the line of a batch where there is one.
 */
export function keyReused(key: string, what: string, details: { field?: string; line?: number } = {}): DomainError {
  return conflict(`idempotency key ${key} was already used for another ${what}`, {
    reason: 'IDEMPOTENCY_KEY_REUSED',
    idempotencyKey: key,
    ...details,
  });
}

/** A unique violation (23505), possibly wrapped by TypeORM. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } } | null;
  return e?.code === '23505' || e?.driverError?.code === '23505';
}

/**
 * Idempotency by key + request hash, the one mechanism of every mutation with a key (issue 21
 * item 3; STYLE.md "Idempotency"): a stored key with the same hash replays the original result
 * (`replayed: true`, nothing written); with another hash it is `keyReused`; an unknown key
 * performs the work, which stores the key and hash.
 *
 * Must run inside `runCommand`, after the locks that serialise the work. Two requests with the
 * same key that no lock serialises (e.g. for different scheme-years) race to the unique index on
 * the key: the loser's unique violation re-runs its whole command (`RerunCommand`), and the
 * re-run reads the winner's row, so it is answered as a replay or a conflict, never an error.
 */
export async function idempotent<T>(tx: RequestContext, command: IdempotentCommand<T>): Promise<{ result: T; replayed: boolean }> {
  if (!tx.inTransaction) {
    throw new Error('idempotent(): call inside runCommand, so that the check and the work share a transaction');
  }
  assertIdempotencyKey(command.key, command.field);
  const stored = await command.find();
  if (stored) {
    if (stored.requestHash !== command.requestHash) {
      throw keyReused(command.key, command.what, { field: command.field });
    }
    return { result: await stored.replay(), replayed: true };
  }
  try {
    return { result: await command.perform(), replayed: false };
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new RerunCommand(`idempotency key ${command.key} raced another request`, error);
    }
    throw error;
  }
}
