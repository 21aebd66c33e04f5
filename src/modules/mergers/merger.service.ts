import crypto from 'node:crypto';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { Role } from '../../common/auth/actor';
import { assertRole } from '../../common/auth/scope';
import { runCommand } from '../../common/db/run-command';
import { todayInAmsterdam, optionalIsoDate } from '../../common/dates';
import { idempotent } from '../../common/idempotency/idempotency';
import { requestHash } from '../../common/idempotency/request-hash';
import { badInput } from '../../common/errors/domain-error';
import { listMergers, registerMerger, type MunicipalityMerger } from '../municipalities';
import { mergerTransferIds, mergerTransferKey, transferMergerBalances } from '../ledger';

export interface RegisterMergerCommand {
  dissolvedCodes: string[];
  successorCode: string;
  successorName?: string | null;
  effectiveDate: string;
  idempotencyKey?: string | null;
}

/** Advisory lock key of merger bookings: one booking pass at a time (start-up, timer, mutation). */
const MERGER_BOOKING_LOCK = 'merger-transfers';

/** The mergers with the ids of their transfers (null while the date has not come or nothing moved). */
async function withTransfers(ctx: RequestContext, mergers: MunicipalityMerger[]): Promise<MunicipalityMerger[]> {
  const ids = await mergerTransferIds(ctx, mergers);
  return mergers.map((m) => ({ ...m, transferTransactionId: ids.get(mergerTransferKey(m.dissolvedCode, m.effectiveDate)) ?? null }));
}

/**
 * Registers a herindeling and, when its date has come (Europe/Amsterdam), books the transfer of
 * every balance of each dissolved municipality to the successor, in the same transaction: either
 * both are recorded or neither. One registered ahead is booked by `bookDueMergerTransfers` once its
 * date arrives. With an idempotency key the same request replays the first answer; the same key
 * with other input is CONFLICT (IDEMPOTENCY_KEY_REUSED). Finance officer only.
 */
export async function registerMergerAndBook(
  ctx: RequestContext,
  input: RegisterMergerCommand,
  today: string = todayInAmsterdam(),
): Promise<MunicipalityMerger[]> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  const actor = requireActor(ctx);
  const perform = async (tx: RequestContext): Promise<MunicipalityMerger[]> => {
    const registered = await registerMerger(tx, {
      dissolvedCodes: input.dissolvedCodes,
      successorCode: input.successorCode,
      successorName: input.successorName ?? undefined,
      effectiveDate: input.effectiveDate,
    });
    for (const m of registered) {
      if (m.effectiveDate <= today) {
        await transferMergerBalances(tx, m);
      }
    }
    return withTransfers(tx, registered);
  };
  return runCommand(ctx, async (tx) => {
    await tx.em.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [MERGER_BOOKING_LOCK]);
    const key = input.idempotencyKey;
    if (key === undefined || key === null) {
      return perform(tx);
    }
    const request = {
      dissolvedCodes: [...input.dissolvedCodes],
      successorCode: input.successorCode,
      successorName: input.successorName ?? null,
      effectiveDate: input.effectiveDate,
    };
    const { result } = await idempotent(tx, {
      key,
      field: 'input.idempotencyKey',
      what: 'merger registration',
      requestHash: requestHash(request),
      find: async () => {
        const rows: { request_hash: string; dissolved_codes: string[]; successor_code: string; effective_date: string }[] =
          await tx.em.query(
            `SELECT request_hash, dissolved_codes, successor_code, to_char(effective_date, 'YYYY-MM-DD') AS effective_date
             FROM merger_registrations WHERE idempotency_key = $1`,
            [key],
          );
        const found = rows[0];
        return (
          found && {
            requestHash: found.request_hash,
            replay: () =>
              withTransfers(
                tx,
                found.dissolved_codes.map((d) => ({
                  dissolvedCode: d,
                  successorCode: found.successor_code,
                  effectiveDate: found.effective_date,
                })),
              ),
          }
        );
      },
      perform: async () => {
        const result = await perform(tx);
        await tx.em.query(
          `INSERT INTO merger_registrations (id, idempotency_key, request_hash, dissolved_codes, successor_code, effective_date, recorded_by, recorded_at)
           VALUES ($1, $2, $3, $4::varchar[], $5, $6::date, $7, clock_timestamp())`,
          [crypto.randomUUID(), key, requestHash(request), input.dissolvedCodes, input.successorCode, input.effectiveDate, actor.subject],
        );
        return result;
      },
    });
    return result;
  });
}

/**
 * Books the transfer of every registered merger whose date is on or before `asOf` (default today in
 * Europe/Amsterdam) and not yet booked, in date order so that chains move onward (A→B in 2025, B→C in
 * 2026: A's balances reach B first, then B's, A's included, reach C). Idempotent: a booked transfer
 * is returned as it was. Runs at start-up and on a timer (main.ts) until the job queue takes it
 * over; a finance officer can also call it (`bookDueMergerTransfers`).
 */
export async function bookDueMergerTransfers(
  ctx: RequestContext,
  input: { asOf?: string | null } = {},
  today: string = todayInAmsterdam(),
): Promise<MunicipalityMerger[]> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  const asOf = optionalIsoDate(input.asOf, 'asOf') ?? today;
  if (asOf > today) {
    // Booked early, a transfer would miss what is still booked on the old accounts before the date.
    throw badInput('asOf', `a merger's money moves on its date, not before: ${asOf} is after today (${today})`);
  }
  return runCommand(ctx, async (tx) => {
    await tx.em.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [MERGER_BOOKING_LOCK]);
    const due = (await listMergers(tx))
      .filter((m) => m.effectiveDate <= asOf)
      .sort((a, b) =>
        a.effectiveDate !== b.effectiveDate ? (a.effectiveDate < b.effectiveDate ? -1 : 1) : a.dissolvedCode < b.dissolvedCode ? -1 : 1,
      );
    // Booked ones too: what was booked on the old accounts since, dated after the merger, follows
    // (decision 1651); a transfer already booked is replayed, not repeated.
    for (const m of due) {
      await transferMergerBalances(tx, m);
    }
    return withTransfers(tx, due);
  });
}

/** Every registered merger with its transfer; a controller sees the mergers of its own municipality. */
export async function listMergersWithTransfers(ctx: RequestContext): Promise<MunicipalityMerger[]> {
  return withTransfers(ctx, await listMergers(ctx));
}
