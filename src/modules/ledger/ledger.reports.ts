import type Decimal from 'decimal.js';
import type { RequestContext } from '../../context';
import { assertMunicipalityAccess, assertRole } from '../../common/auth/scope';
import { Role } from '../../common/auth/actor';
import { badInput, forbidden } from '../../common/errors/domain-error';
import { addDays, parseIsoDate } from '../../common/dates';
import { money, sum, toFixedScale, ZERO } from '../../common/money/money';
import { municipalityOf, parseAccount } from './account-address';
import { balancesByAccountId } from './ledger.balances';
import type { AccountBalance, AccountStatement, JournalVerificationResult, TrialBalance } from './ledger.type';
import type { JournalVerification } from './ledger.verify';
import { verifyWholeJournal } from './whole-journal';
import { verifySinceLastCheckpoint } from './checkpoint.service';

const fixed = (d: Decimal): string => toFixedScale(d, 2);

/** An ISO-8601 moment with a zone (`2026-03-01T00:00:00Z`), or null. */
export function parseMoment(value: string | null | undefined, field: string): Date | null {
  if (value === null || value === undefined) {
    return null;
  }
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(d.getTime())) {
    throw badInput(field, 'is not an ISO-8601 moment with a zone, e.g. 2026-03-01T00:00:00Z');
  }
  return d;
}

/** A controller may read only its own municipality's accounts (ministry accounts included: no). */
function assertAccountAccess(ctx: RequestContext, address: string, field: string): void {
  parseAccount(address, field);
  const code = municipalityOf(address);
  if (code === null) {
    if (ctx.actor?.role === Role.MUNICIPAL_CONTROLLER) {
      ctx.log.warn({ event: 'access_denied', subject: ctx.actor.subject, address }, 'controller refused a ministry account');
      throw forbidden('ministry accounts are not visible to a municipal controller', { field });
    }
    return;
  }
  assertMunicipalityAccess(ctx, code);
}

async function accountIds(ctx: RequestContext, where: string, param: string): Promise<{ id: string; address: string; kind: string }[]> {
  return ctx.em.query(`SELECT id::text AS id, address, kind FROM ledger_accounts WHERE ${where} ORDER BY address`, [param]);
}

/** One account's balance as of an effective date and/or as recorded at a moment. */
export async function accountBalance(
  ctx: RequestContext,
  address: string,
  asOfText: string | null | undefined,
  recordedAtText: string | null | undefined,
): Promise<AccountBalance> {
  assertAccountAccess(ctx, address, 'address');
  const asOf = asOfText === null || asOfText === undefined ? null : parseIsoDate(asOfText, 'asOf');
  const recordedAt = parseMoment(recordedAtText, 'recordedAt');
  const [row] = await accountIds(ctx, 'address = $1', address);
  const balance = row
    ? ((await balancesByAccountId(ctx, [row.id], { asOf: asOf ?? undefined, recordedAt: recordedAt ?? undefined })).get(row.id) ?? ZERO)
    : ZERO;
  return {
    address,
    kind: row?.kind ?? parseAccount(address, 'address').kind,
    balance: fixed(balance),
    asOf,
    recordedAt: recordedAt?.toISOString() ?? null,
  };
}

/** Every account of one municipality with its balance. */
export async function municipalityBalances(
  ctx: RequestContext,
  code: string,
  asOfText: string | null | undefined,
  recordedAtText: string | null | undefined,
): Promise<AccountBalance[]> {
  if (!/^GM\d{4}$/.test(code)) {
    throw badInput('code', 'is not a municipality code');
  }
  assertMunicipalityAccess(ctx, code);
  const asOf = asOfText === null || asOfText === undefined ? null : parseIsoDate(asOfText, 'asOf');
  const recordedAt = parseMoment(recordedAtText, 'recordedAt');
  const rows = await accountIds(ctx, 'municipality_code = $1', code);
  const balances = await balancesByAccountId(
    ctx,
    rows.map((r) => r.id),
    { asOf: asOf ?? undefined, recordedAt: recordedAt ?? undefined },
  );
  return rows.map((r) => ({
    address: r.address,
    kind: r.kind,
    balance: fixed(balances.get(r.id) ?? ZERO),
    asOf,
    recordedAt: recordedAt?.toISOString() ?? null,
  }));
}

/**
 * Statement of one account, or of every account of a municipality, for a period: opening balance
 * (end of the day before `from`), each movement in effective-date and chain order with the running
 * balance, closing balance. Σ movements = closing − opening by construction, and the closing
 * equals the balance as of `to`.
 */
export async function accountStatements(
  ctx: RequestContext,
  input: { address?: string | null; municipalityCode?: string | null; from: string; to: string },
): Promise<AccountStatement[]> {
  const from = parseIsoDate(input.from, 'from');
  const to = parseIsoDate(input.to, 'to');
  if (to < from) {
    throw badInput('to', 'is before from');
  }
  let rows: { id: string; address: string; kind: string }[];
  if (input.address) {
    if (input.municipalityCode) {
      throw badInput('municipalityCode', 'give an address or a municipality, not both');
    }
    assertAccountAccess(ctx, input.address, 'address');
    rows = await accountIds(ctx, 'address = $1', input.address);
    if (rows.length === 0) {
      rows = [{ id: '0', address: input.address, kind: parseAccount(input.address, 'address').kind }];
    }
  } else if (input.municipalityCode) {
    if (!/^GM\d{4}$/.test(input.municipalityCode)) {
      throw badInput('municipalityCode', 'is not a municipality code');
    }
    assertMunicipalityAccess(ctx, input.municipalityCode);
    rows = await accountIds(ctx, 'municipality_code = $1', input.municipalityCode);
  } else {
    throw badInput('address', 'give an address or a municipality');
  }
  const ids = rows.map((r) => r.id);
  const opening = await balancesByAccountId(ctx, ids, { asOf: addDays(from, -1) });
  const moves: {
    account_id: string;
    transaction_id: string;
    sequence: string;
    effective_date: string;
    kind: string;
    reason: string;
    direction: string;
    amount: string;
  }[] = ids.length
    ? await ctx.em.query(
        `SELECT p.account_id::text AS account_id, t.id AS transaction_id, t.sequence::text AS sequence,
                t.effective_date::text AS effective_date, t.kind, t.reason, p.direction, p.amount::text AS amount
           FROM journal_postings p JOIN journal_transactions t ON t.id = p.transaction_id
          WHERE p.account_id = ANY($1::bigint[]) AND t.effective_date BETWEEN $2::date AND $3::date
          ORDER BY t.effective_date, t.sequence, p.line`,
        [ids, from, to],
      )
    : [];
  return rows.map((r) => {
    const open = opening.get(r.id) ?? ZERO;
    let running = open;
    const mine = moves.filter((m) => m.account_id === r.id);
    const movements = mine.map((m) => {
      const amount = money(m.amount);
      running = m.direction === 'DEBIT' ? running.plus(amount) : running.minus(amount);
      return {
        transactionId: m.transaction_id,
        sequence: m.sequence,
        effectiveDate: m.effective_date,
        kind: m.kind,
        reason: m.reason,
        direction: m.direction,
        amount: m.amount,
        balanceAfter: fixed(running),
      };
    });
    const debit = sum(mine.filter((m) => m.direction === 'DEBIT').map((m) => money(m.amount)));
    const credit = sum(mine.filter((m) => m.direction === 'CREDIT').map((m) => money(m.amount)));
    return {
      address: r.address,
      from,
      to,
      opening: fixed(open),
      debitTotal: fixed(debit),
      creditTotal: fixed(credit),
      closing: fixed(open.plus(debit).minus(credit)),
      movements,
    };
  });
}

/** Every account with a non-zero balance as of a date; ministry roles only (it spans every municipality). */
export async function trialBalance(ctx: RequestContext, asOfText: string | null | undefined): Promise<TrialBalance> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  const asOf = asOfText === null || asOfText === undefined ? null : parseIsoDate(asOfText, 'asOf');
  const rows: { address: string; kind: string; net: string }[] = await ctx.em.query(
    `SELECT a.address, a.kind, SUM(d.debit - d.credit)::text AS net
       FROM ledger_balances_by_day d JOIN ledger_accounts a ON a.id = d.account_id
      WHERE ($1::date IS NULL OR d.effective_date <= $1::date)
      GROUP BY a.address, a.kind HAVING SUM(d.debit - d.credit) <> 0 ORDER BY a.address`,
    [asOf],
  );
  const lines = rows.map((r) => {
    const net = money(r.net);
    return { address: r.address, kind: r.kind, debit: fixed(net.gt(0) ? net : ZERO), credit: fixed(net.lt(0) ? net.neg() : ZERO) };
  });
  const totalDebit = sum(lines.map((l) => money(l.debit)));
  const totalCredit = sum(lines.map((l) => money(l.credit)));
  return { asOf, lines, totalDebit: fixed(totalDebit), totalCredit: fixed(totalCredit), net: fixed(totalDebit.minus(totalCredit)) };
}

/** A verification as GraphQL answers it, with the range it covered. */
function verificationResult(
  v: JournalVerification,
  verifiedFrom: string,
  fromCheckpoint: JournalVerificationResult['fromCheckpoint'],
): JournalVerificationResult {
  return {
    ok: v.ok,
    status: v.ok ? 'OK' : 'BROKEN',
    count: v.count,
    headHash: v.headHash,
    brokenAt: v.brokenAt,
    headSequence: v.headSequence,
    verifiedFrom,
    fromCheckpoint,
  };
}

/** The chain check for GraphQL: ministry roles (finance officers and auditors). */
export async function verifyJournalForActor(ctx: RequestContext): Promise<JournalVerificationResult> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  return verificationResult(await verifyWholeJournal(ctx), '1', null);
}

/**
 * The console's journal page on load (decision 1770): verified from the last signed checkpoint to
 * the head, so it costs what was appended since; `count` is what this walk verified.
 */
export async function verifyJournalSinceCheckpointForActor(ctx: RequestContext): Promise<JournalVerificationResult> {
  const { verification: v, verifiedFrom, checkpoint } = await verifySinceLastCheckpoint(ctx);
  return verificationResult(
    v,
    verifiedFrom,
    checkpoint && {
      ...checkpoint,
      document: JSON.stringify({
        format: checkpoint.format,
        sequence: checkpoint.sequence,
        hash: checkpoint.hash,
        time: checkpoint.time,
        keyId: checkpoint.keyId,
        signature: checkpoint.signature,
      }),
    },
  );
}
