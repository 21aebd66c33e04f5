import Decimal from 'decimal.js';
import { createTestApp, codes, type TestApp } from '../helpers/test-app';
import { countsAndRun, createTestRules, createTestScheme } from '../helpers/advances';
import { Money, toFixedScale } from '../../src/common/money/money';
import { Role } from '../../src/common/auth/actor';
import { RunStage } from '../../src/modules/allocations';
import { registerMerger } from '../../src/modules/municipalities';
import { createAdvancePlan, payTranches, reviseAdvancePlan } from '../../src/modules/advances';
import { accounts, getBalance, transferMergerBalances } from '../../src/modules/ledger';
import { runLedgerChecks } from '../../src/modules/ledger/ledger.checks';

/*
 * The worked scenario of issue 6: four municipalities, advances at 90 % on a forecast, a revision
 * in month 7, a merger on 1 January of y+1 (OLD into B), a definitive settlement on registered
 * counts with a recovery offset against the next year's tranches. Every amount is recomputed
 * here with plain Decimal arithmetic and an independent equal split, and compared to the cent.
 */
const S = 'SETL-TEST';
const Y = 2027;
const RATE = '1234.56';
const A = 'GM0363';
const B = 'GM0344';
const OLD = 'GM0014';
const C = 'GM0034';
const ALL = [A, B, OLD, C];

const D = (v: string | number): Decimal => new Money(v);
const r2 = (d: Decimal): Decimal => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const s2 = (d: Decimal): string => toFixedScale(d, 2);

/** Equal split in cents: floor for each, leftover cents one each to the earliest tranches. */
function equalSplit(total: Decimal, n: number): Decimal[] {
  const cents = BigInt(total.times(100).toFixed(0));
  const base = cents / BigInt(n);
  const left = Number(cents - base * BigInt(n));
  return Array.from({ length: n }, (_, i) => D((base + (i < left ? 1n : 0n)).toString()).div(100));
}
const total = (xs: Decimal[]): Decimal => xs.reduce((a, b) => a.plus(b), D(0));

const provisional: Record<string, string> = { [A]: '10', [B]: '4', [OLD]: '3.333333', [C]: '7' };
const interim: Record<string, string> = { [A]: '8', [B]: '5', [OLD]: '3.5', [C]: '2' };
const registered: Record<string, string> = { [A]: '9', [B]: '5.5', [OLD]: '3', [C]: '1.5' };
const forecastNext: Record<string, string> = { [A]: '10', [B]: '8', [C]: '5' };

/** The independent computation of what every step must book. */
function expected() {
  const E = (counts: Record<string, string>, m: string) => r2(D(counts[m] ?? '0').times(RATE));
  const adv = (e: Decimal) => r2(D('0.9').times(e));
  const out: Record<string, { v1: Decimal[]; v2: Decimal[]; paid: Decimal; excess: Decimal; final: Decimal; s: Decimal }> = {};
  for (const m of ALL) {
    const v1 = equalSplit(adv(E(provisional, m)), 12);
    const paid6 = total(v1.slice(0, 6));
    const newAdvance = adv(E(interim, m));
    const rest = newAdvance.gt(paid6) ? equalSplit(newAdvance.minus(paid6), 6) : Array.from({ length: 6 }, () => D(0));
    const v2 = [...v1.slice(0, 6), ...rest];
    const paid = total(v2);
    const final = E(registered, m);
    out[m] = { v1, v2, paid, excess: paid6.gt(newAdvance) ? paid6.minus(newAdvance) : D(0), final, s: final.minus(paid) };
  }
  return out;
}

describe('settlement: the worked multi-municipality scenario', () => {
  let t: TestApp;
  let rules: { forecast: string; registered: string };
  const x = expected();
  const fo1 = () => t.ctx(Role.FINANCE_OFFICER, null, 'fo-1');
  const bal = async (account: string) => s2(await getBalance(fo1(), account));

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 4 });
  });
  afterAll(() => t.close());

  it('runs the year end to end and books every amount to the cent', async () => {
    const ctx = fo1();
    await createTestScheme(ctx, S, Y, RATE);
    rules = await createTestRules(ctx, S);
    const run1 = await countsAndRun(ctx, {
      code: S,
      year: Y,
      ruleId: rules.forecast,
      basis: 'FORECAST',
      stage: RunStage.PROVISIONAL,
      counts: provisional,
      key: 's-prov',
    });
    await createAdvancePlan(ctx, { schemeCode: S, year: Y, allocationRunId: run1, advanceRate: D('0.9'), idempotencyKey: 's-plan' });
    await payTranches(ctx, { schemeCode: S, year: Y, dueUpTo: '2027-06-30', idempotencyKey: 's-pay-h1' });
    for (const m of ALL) {
      expect(await bal(accounts.advance(m, S, Y))).toBe(s2(total(x[m]!.v1.slice(0, 6))));
    }

    // Month 7: a new forecast; only the unpaid tranches are re-planned.
    const run2 = await countsAndRun(ctx, {
      code: S,
      year: Y,
      ruleId: rules.forecast,
      basis: 'FORECAST',
      stage: RunStage.INTERIM,
      counts: interim,
      key: 's-int',
    });
    const { plan } = await reviseAdvancePlan(ctx, {
      schemeCode: S,
      year: Y,
      allocationRunId: run2,
      reason: 'forecast of July',
      idempotencyKey: 's-rev',
    });
    for (const m of ALL) {
      const rows = await t.dataSource.query<{ a: string }[]>(
        `SELECT amount::text AS a FROM advance_plan_tranches WHERE plan_id = $1 AND municipality_code = $2 ORDER BY idx`,
        [plan.id, m],
      );
      expect(rows.map((r) => r.a)).toEqual(x[m]!.v2.map(s2));
      const [line] = await t.dataSource.query<
        {
          e: string;
        }[]
      >(`SELECT excess::text AS e FROM advance_plan_lines WHERE plan_id = $1 AND municipality_code = $2`, [plan.id, m]);
      expect(line!.e).toBe(s2(x[m]!.excess));
    }
    expect(x[C]!.excess.gt(0)).toBe(true); // C is overpaid by the revision: its excess waits for the settlement
    await payTranches(ctx, { schemeCode: S, year: Y, dueUpTo: '2027-12-31', idempotencyKey: 's-pay-h2' });
    for (const m of ALL) {
      expect(await bal(accounts.advance(m, S, Y))).toBe(s2(x[m]!.paid));
    }

    // 1 January of y+1: OLD merges into B and its balances move.
    await registerMerger(ctx, { dissolvedCodes: [OLD], successorCode: B, effectiveDate: '2028-01-01' });
    await transferMergerBalances(ctx, { dissolvedCode: OLD, successorCode: B, effectiveDate: '2028-01-01' });
    expect(await bal(accounts.advance(OLD, S, Y))).toBe('0.00');
    expect(await bal(accounts.advance(B, S, Y))).toBe(s2(x[B]!.paid.plus(x[OLD]!.paid)));

    // Year y+1: advances on its own forecast; Jan-May paid before the settlement.
    await createTestScheme(ctx, S, Y + 1, RATE);
    const next = await countsAndRun(ctx, {
      code: S,
      year: Y + 1,
      ruleId: rules.forecast,
      basis: 'FORECAST',
      stage: RunStage.PROVISIONAL,
      counts: forecastNext,
      key: 's-next',
    });
    await createAdvancePlan(ctx, { schemeCode: S, year: Y + 1, allocationRunId: next, idempotencyKey: 's-next-plan' });
    await payTranches(ctx, { schemeCode: S, year: Y + 1, dueUpTo: '2028-05-01', idempotencyKey: 's-next-pay-1' });

    // May y+1: definitive run on registered counts, draft by fo-1, four-eyes finalisation by fo-2.
    const definitive = await countsAndRun(ctx, {
      code: S,
      year: Y,
      ruleId: rules.registered,
      basis: 'REGISTERED',
      stage: RunStage.DEFINITIVE,
      counts: registered,
      key: 's-def',
    });
    const DRAFT = `mutation($input: DraftSettlementInput!) { draftSettlement(input: $input) { replayed settlement { id status
      lines { municipalityCode payeeCode status finalEntitlement paid amount explanation } payees { payeeCode net direction municipalityCodes } } } }`;
    const drafted = await t.ok<{
      draftSettlement: { settlement: { id: string; status: string; lines: Record<string, unknown>[]; payees: Record<string, unknown>[] } };
    }>(DRAFT, { input: { schemeCode: S, year: Y, allocationRunId: definitive, recoveryMode: 'OFFSET', idempotencyKey: 's-draft' } });
    const draft = drafted.draftSettlement.settlement;
    expect(draft.status).toBe('DRAFT');
    for (const m of ALL) {
      expect(draft.lines.find((l) => l.municipalityCode === m)).toMatchObject({
        payeeCode: m === OLD ? B : m,
        status: 'SETTLED',
        finalEntitlement: s2(x[m]!.final),
        paid: s2(x[m]!.paid),
        amount: s2(x[m]!.s),
      });
    }
    const netB = x[B]!.s.plus(x[OLD]!.s);
    expect(draft.payees.find((p) => p.payeeCode === B)).toMatchObject({ net: s2(netB), municipalityCodes: [OLD, B].sort() });
    expect(x[C]!.s.lt(0)).toBe(true); // C: a recovery
    expect(x[A]!.s.gt(0)).toBe(true); // A: an additional payment

    // The overrun view is visible before finalising.
    const overrun = await t.ok<{ overrunView: { total: string; overrun: string } }>(
      `query($s: String!, $y: Int!, $id: ID) { overrunView(schemeCode: $s, year: $y, settlementId: $id) { total overrun } }`,
      { s: S, y: Y, id: draft.id },
    );
    const sumFinal = total(ALL.map((m) => x[m]!.final));
    expect(overrun.overrunView).toEqual({ total: s2(sumFinal), overrun: s2(sumFinal.minus('1000000.00')) });

    const FINALISE = `mutation($input: FinaliseSettlementInput!) { finaliseSettlement(input: $input) { replayed settlement { id status approvedBy transactionIds } } }`;
    const mine = await t.gql(
      FINALISE,
      { input: { settlementId: draft.id, idempotencyKey: 'fin-1', effectiveDate: '2028-05-15' } },
      t.tokens.finance,
    );
    expect(codes(mine)).toEqual(['FORBIDDEN']);
    expect(mine.errors?.[0]?.extensions?.reason).toBe('FOUR_EYES');
    const before = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM journal_transactions`);
    const fin = await t.ok<{
      finaliseSettlement: { replayed: boolean; settlement: { status: string; approvedBy: string; transactionIds: string[] } };
    }>(FINALISE, { input: { settlementId: draft.id, idempotencyKey: 'fin-2', effectiveDate: '2028-05-15' } }, t.tokens.finance2);
    expect(fin.finaliseSettlement).toMatchObject({ replayed: false, settlement: { status: 'FINALISED', approvedBy: 'fo-2' } });
    // Determinations for A, B (with OLD), C; a payment for each positive net.
    const positive = [x[A]!.s, netB, x[C]!.s].filter((v) => v.gt(0)).length;
    expect(fin.finaliseSettlement.settlement.transactionIds).toHaveLength(3 + positive);
    // The same request with its key is replayed; another key for the finalised settlement is refused (decision 1101).
    const again = await t.ok<{ finaliseSettlement: { replayed: boolean } }>(
      FINALISE,
      { input: { settlementId: draft.id, idempotencyKey: 'fin-2', effectiveDate: '2028-05-15' } },
      t.tokens.finance2,
    );
    expect(again.finaliseSettlement.replayed).toBe(true);
    const otherKey = await t.gql(FINALISE, { input: { settlementId: draft.id, idempotencyKey: 'fin-3' } }, t.tokens.finance2);
    expect(otherKey.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_FINALISED' });
    const after = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM journal_transactions`);
    expect(after[0]!.n - before[0]!.n).toBe(3 + positive);

    // Every booked amount of the settlement.
    const postings = await t.dataSource.query<{ kind: string; address: string; direction: string; amount: string }[]>(
      `SELECT t.kind, a.address, p.direction, p.amount::text AS amount FROM journal_postings p
         JOIN journal_transactions t ON t.id = p.transaction_id JOIN ledger_accounts a ON a.id = p.account_id
        WHERE t.cause_type = 'SETTLEMENT' AND t.cause_id = $1 ORDER BY t.sequence, p.line`,
      [draft.id],
    );
    for (const m of ALL) {
      const payee = m === OLD ? B : m;
      expect(postings).toContainEqual({
        kind: 'DETERMINATION',
        address: accounts.advance(payee, S, Y),
        direction: 'CREDIT',
        amount: s2(x[m]!.final),
      });
    }
    const expense = postings.filter((p) => p.address === accounts.expense(S, Y)).map((p) => D(p.amount));
    expect(s2(total(expense))).toBe(s2(sumFinal));
    for (const [payee, net] of [
      [A, x[A]!.s],
      [B, netB],
      [C, x[C]!.s],
    ] as const) {
      const paidOut = postings.filter((p) => p.kind === 'SETTLEMENT' && p.address === accounts.advance(payee, S, Y));
      expect(paidOut.map((p) => p.amount)).toEqual(net.gt(0) ? [s2(net)] : []);
    }
    // After the settlement: a payment due is paid (zero), a recovery stays as a debit balance.
    for (const [payee, net] of [
      [A, x[A]!.s],
      [B, netB],
      [C, x[C]!.s],
    ] as const) {
      expect(await bal(accounts.advance(payee, S, Y))).toBe(net.lt(0) ? s2(net.neg()) : '0.00');
    }
    // Unpaid tranches of y are cancelled: paying y again is refused.
    await expect(payTranches(ctx, { schemeCode: S, year: Y, dueUpTo: '2027-12-31', idempotencyKey: 's-pay-late' })).rejects.toMatchObject({
      extensions: { code: 'CONFLICT' },
    });

    // The rest of y+1: recoveries are offset against the tranches, in due-date order, never below zero.
    const paidNext = await payTranches(ctx, { schemeCode: S, year: Y + 1, dueUpTo: '2028-12-31', idempotencyKey: 's-next-pay-2' });
    const recoveries = new Map<string, Decimal>(
      [
        [A, x[A]!.s],
        [B, netB],
        [C, x[C]!.s],
      ]
        .filter(([, v]) => (v as Decimal).lt(0))
        .map(([m, v]) => [m as string, (v as Decimal).neg()]),
    );
    expect(recoveries.size).toBeGreaterThan(0);
    for (const m of [A, B, C]) {
      const tranches = equalSplit(r2(D(forecastNext[m]!).times(RATE)), 12);
      let outstanding = recoveries.get(m) ?? D(0);
      for (let i = 5; i < 12; i += 1) {
        const off = Decimal.min(outstanding, tranches[i]!);
        outstanding = outstanding.minus(off);
        const got = paidNext.tranches.find((p) => p.municipalityCode === m && p.index === i)!;
        expect([s2(got.amount), s2(got.offset), s2(got.cash)]).toEqual([s2(tranches[i]!), s2(off), s2(tranches[i]!.minus(off))]);
      }
      expect(s2(outstanding)).toBe('0.00'); // fully offset within the year
      expect(await bal(accounts.advance(m, S, Y + 1))).toBe(s2(total(tranches)));
    }
    // y fully settled: every advance account of y is zero, and the ledger is consistent.
    for (const m of ALL) {
      expect(await bal(accounts.advance(m, S, Y))).toBe('0.00');
    }
    expect(await bal(accounts.expense(S, Y))).toBe(s2(sumFinal));
    const cashY = total(ALL.map((m) => x[m]!.paid));
    const settlementPaid = total([x[A]!.s, netB, x[C]!.s].filter((v) => v.gt(0)));
    const cashNext = total([A, B, C].map((m) => total(equalSplit(r2(D(forecastNext[m]!).times(RATE)), 12)))).minus(
      total([...recoveries.values()]),
    );
    expect(await bal(accounts.bank())).toBe(s2(cashY.plus(settlementPaid).plus(cashNext).neg()));
    expect((await runLedgerChecks(ctx)).filter((r) => r.rows.length > 0)).toEqual([]);

    // The controller view: C sees its own statement, not A's.
    const tokenC = await t.tokens.controller(C);
    const STATEMENT = `query($m: String!) { municipalityAdvanceStatement(schemeCode: "${S}", year: ${Y}, municipalityCode: $m) {
      totalPaid totalPlanned plans { version advance excess } tranches { status amount } offsets { offset } explanation forecastBasis
      settlements { status lines { municipalityCode amount } } } }`;
    const own = await t.ok<{
      municipalityAdvanceStatement: {
        totalPaid: string;
        totalPlanned: string;
        plans: { version: number; advance: string; excess: string }[];
        tranches: { status: string }[];
        offsets: { offset: string }[];
        settlements: { status: string; lines: { municipalityCode: string; amount: string }[] }[];
        explanation: string[];
        forecastBasis: string[];
      };
    }>(STATEMENT, { m: C }, tokenC);
    const st = own.municipalityAdvanceStatement;
    expect(st.totalPaid).toBe(s2(x[C]!.paid));
    expect(st.totalPlanned).toBe('0.00');
    expect(st.plans.map((p) => [p.version, p.excess])).toEqual([
      [1, '0.00'],
      [2, s2(x[C]!.excess)],
    ]);
    expect(st.settlements).toEqual([{ status: 'FINALISED', lines: [{ municipalityCode: C, amount: s2(x[C]!.s) }] }]);
    expect(s2(total(st.offsets.map((o) => D(o.offset))))).toBe(s2(x[C]!.s.neg()));
    expect(st.forecastBasis.length).toBeGreaterThan(0);
    const other = await t.gql(STATEMENT, { m: A }, tokenC);
    expect(codes(other)).toEqual(['FORBIDDEN']);
    const oldView = await t.ok<{ settlement: { lines: { municipalityCode: string }[] } }>(
      `query($id: ID!) { settlement(id: $id) { lines { municipalityCode } } }`,
      { id: draft.id },
      await t.tokens.controller(B),
    );
    expect(oldView.settlement.lines.map((l) => l.municipalityCode)).toEqual([OLD, B].sort());
  });
});
