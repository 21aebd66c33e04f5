import Decimal from 'decimal.js';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { ledgerWriteMark } from '../helpers/ledger';
import { money, toFixedScale, ZERO } from '../../src/common/money/money';
import { addDays } from '../../src/common/dates';
import {
  accounts,
  compactDailyBalances,
  getBalance,
  getBalances,
  postTransaction,
  postTransactions,
  reverseTransaction,
  type PostInput,
  type PostingInput,
} from '../../src/modules/ledger';
import { runLedgerChecks } from '../../src/modules/ledger/ledger.checks';
import { verifyJournal } from '../../src/modules/ledger/ledger.verify';

/** mulberry32: a small seeded PRNG, so a failure replays exactly with the same seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.LEDGER_HARNESS_SEED ?? 20260401);
const OPERATIONS = Number(process.env.LEDGER_HARNESS_OPERATIONS ?? 1000);
const MUNICIPALITIES = ['GM0363', 'GM0358', 'GM1680'];
const SCHEMES = ['SPUK-WI2021', 'ONDERWIJSROUTE'];
const YEARS = [2026, 2027];
const ADDRESSES = [
  accounts.bank(),
  ...SCHEMES.flatMap((s) => YEARS.flatMap((y) => [accounts.commitment(s, y), accounts.expense(s, y)])),
  ...MUNICIPALITIES.flatMap((m) =>
    SCHEMES.flatMap((s) => [accounts.receivable(m, s), ...YEARS.flatMap((y) => [accounts.advance(m, s, y), accounts.committed(m, s, y)])]),
  ),
];

interface ModelTx {
  id: string;
  date: string;
  recordedAt: Date;
  kind: string;
  reversed: boolean;
  postings: { account: string; signed: Decimal }[];
  input: PostInput | null;
}

describe(`ledger invariant harness (seed ${SEED}, ${OPERATIONS} operations)`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 2 });
  });
  afterAll(() => t.close());

  it('keeps conservation, derived balances and refusals exact after every operation', async () => {
    const rnd = prng(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const cents = (max: number) => money(String(1 + Math.floor(rnd() * max))).div(100);
    const randomDate = () => addDays('2025-09-01', Math.floor(rnd() * 700));
    const ctx = t.ctx();
    const model: ModelTx[] = [];
    let keySeq = 0;
    const counts: Record<string, number> = {};

    const randomInput = (): PostInput => {
      const n = 2 + Math.floor(rnd() * 3);
      const debits: PostingInput[] = [];
      const credits: PostingInput[] = [];
      let total = ZERO;
      for (let i = 0; i < n - 1; i += 1) {
        const amount = cents(rnd() < 0.1 ? 100000000 : 500000);
        total = total.plus(amount);
        debits.push({ account: pick(ADDRESSES), direction: 'DEBIT', amount });
      }
      credits.push({ account: pick(ADDRESSES), direction: 'CREDIT', amount: total });
      const postings = rnd() < 0.5 ? [...debits, ...credits] : [...credits, ...debits];
      keySeq += 1;
      return {
        idempotencyKey: `h-${SEED}-${keySeq}`,
        kind: pick(['ALLOCATION', 'ADVANCE_TRANCHE', 'DETERMINATION', 'SETTLEMENT', 'OFFSET', 'MANUAL_CORRECTION'] as const),
        effectiveDate: randomDate(),
        reason: `harness ${keySeq}`,
        cause: rnd() < 0.5 ? { type: 'HARNESS', id: String(keySeq % 17) } : null,
        postings,
      };
    };
    const record = (input: PostInput, id: string, recordedAt: Date) =>
      model.push({
        id,
        date: input.effectiveDate,
        recordedAt,
        kind: input.kind,
        reversed: false,
        input,
        postings: input.postings.map((p) => ({ account: p.account, signed: p.direction === 'DEBIT' ? p.amount : p.amount.neg() })),
      });
    const expected = (account: string, asOf?: string, recordedAt?: Date) =>
      model
        .filter((m) => (asOf === undefined || m.date <= asOf) && (recordedAt === undefined || m.recordedAt <= recordedAt))
        .flatMap((m) => m.postings)
        .filter((p) => p.account === account)
        .reduce((acc, p) => acc.plus(p.signed), ZERO);

    const refused = async (op: () => Promise<unknown>, code: string) => {
      const before = await ledgerWriteMark(t.dataSource);
      await expect(op()).rejects.toMatchObject({ extensions: { code } });
      expect(await ledgerWriteMark(t.dataSource)).toBe(before);
    };

    for (let i = 0; i < OPERATIONS; i += 1) {
      const r = rnd();
      let op: string;
      if (r < 0.45) {
        op = 'post';
        const input = randomInput();
        const posted = await postTransaction(ctx, input);
        record(input, posted.id, posted.recordedAt);
      } else if (r < 0.55) {
        op = 'batch';
        const inputs = Array.from({ length: 1 + Math.floor(rnd() * 40) }, randomInput);
        const posted = await postTransactions(ctx, inputs);
        inputs.forEach((input, k) => record(input, posted[k]!.id, posted[k]!.recordedAt));
      } else if (r < 0.65 && model.length > 0) {
        op = 'reverse';
        const target = pick(model);
        keySeq += 1;
        if (target.kind === 'REVERSAL') {
          await refused(
            () => reverseTransaction(ctx, { transactionId: target.id, idempotencyKey: `rv-${keySeq}`, reason: 'x' }),
            'CONFLICT',
          );
          op = 'refused-reverse-reversal';
        } else if (target.reversed) {
          await refused(
            () => reverseTransaction(ctx, { transactionId: target.id, idempotencyKey: `rv-${keySeq}`, reason: 'x' }),
            'CONFLICT',
          );
          op = 'refused-reverse-twice';
        } else {
          const date = rnd() < 0.5 ? undefined : randomDate();
          const posted = await reverseTransaction(ctx, {
            transactionId: target.id,
            idempotencyKey: `rv-${keySeq}`,
            reason: 'undo',
            effectiveDate: date,
          });
          target.reversed = true;
          model.push({
            id: posted.id,
            date: date ?? target.date,
            recordedAt: posted.recordedAt,
            kind: 'REVERSAL',
            reversed: false,
            input: null,
            postings: target.postings.map((p) => ({ account: p.account, signed: p.signed.neg() })),
          });
        }
      } else if (r < 0.72 && model.some((m) => m.input !== null)) {
        op = 'replay';
        const target = pick(model.filter((m) => m.input !== null));
        const before = await ledgerWriteMark(t.dataSource);
        const again = await postTransaction(ctx, target.input!);
        expect(again).toMatchObject({ id: target.id, replayed: true });
        expect(await ledgerWriteMark(t.dataSource)).toBe(before);
      } else {
        const input = randomInput();
        const p0 = input.postings[0]!;
        const variants: [string, PostInput, string][] = [
          [
            'unbalanced',
            { ...input, postings: [{ ...p0, amount: p0.amount.plus('0.01') }, ...input.postings.slice(1)] },
            'LEDGER_UNBALANCED',
          ],
          ['zero', { ...input, postings: [...input.postings, { ...p0, amount: money('0') }] }, 'BAD_USER_INPUT'],
          [
            'negative',
            { ...input, postings: [...input.postings, { ...p0, amount: money('-1.00') }, { ...p0, amount: money('1.00') }] },
            'BAD_USER_INPUT',
          ],
          [
            'over-precise',
            { ...input, postings: [{ ...p0, amount: p0.amount.plus('0.001') }, ...input.postings.slice(1)] },
            'BAD_USER_INPUT',
          ],
          [
            'unknown-account',
            { ...input, postings: [{ ...p0, account: 'municipality:GM0363:cash' }, ...input.postings.slice(1)] },
            'BAD_USER_INPUT',
          ],
          ['single', { ...input, postings: [p0] }, 'BAD_USER_INPUT'],
        ];
        const withInput = model.filter((m) => m.input !== null);
        if (withInput.length > 0) {
          const target = pick(withInput);
          variants.push(['key-reuse', { ...input, idempotencyKey: target.input!.idempotencyKey }, 'CONFLICT']);
        }
        const [name, bad, code] = pick(variants);
        op = `refused-${name}`;
        if (rnd() < 0.5) {
          await refused(() => postTransaction(ctx, bad), code);
        } else {
          await refused(() => postTransactions(ctx, [randomInput(), bad]), code);
        }
      }
      counts[op] = (counts[op] ?? 0) + 1;

      // Conservation: the trial balance nets to zero, from the fast path and from the postings.
      const [sums] = await t.dataSource.query<[{ fast: string; slow: string }]>(
        `SELECT (SELECT COALESCE(SUM(debit - credit), 0) FROM ledger_balances_by_day)::text AS fast,
                (SELECT COALESCE(SUM(CASE WHEN direction = 'DEBIT' THEN amount ELSE -amount END), 0) FROM journal_postings)::text AS slow`,
      );
      expect([money(sums.fast).toFixed(2), money(sums.slow).toFixed(2)]).toEqual(['0.00', '0.00']);

      // Derived balances equal an independent recomputation (the in-memory model), as of a random date.
      const account = pick(ADDRESSES);
      const asOf = randomDate();
      expect(toFixedScale(await getBalance(ctx, account, { asOf }), 2)).toBe(toFixedScale(expected(account, asOf), 2));
      if (model.length > 0 && i % 10 === 0) {
        const moment = pick(model).recordedAt;
        expect(toFixedScale(await getBalance(ctx, account, { asOf, recordedAt: moment }), 2)).toBe(
          toFixedScale(expected(account, asOf, moment), 2),
        );
      }
      if (i % 200 === 99) {
        // Compaction in the middle of the run (decision 1890): balances read the same before and after.
        await compactDailyBalances(t.dataSource);
      }
      if (i % 200 === 199) {
        const date = randomDate();
        const all = await getBalances(ctx, ADDRESSES, { asOf: date });
        for (const a of ADDRESSES) {
          expect([a, toFixedScale(all.get(a)!, 2)]).toEqual([a, toFixedScale(expected(a, date), 2)]);
        }
        const failing = (await runLedgerChecks(ctx)).filter((c) => c.rows.length > 0);
        expect(failing).toEqual([]);
      }
    }
    const v = await verifyJournal(ctx, { batchSize: 500 });
    expect(v).toMatchObject({ ok: true, count: model.length });
    // A journal of thousands of transactions, not a toy.
    expect(model.length).toBeGreaterThan(2000);
    expect((await runLedgerChecks(ctx)).filter((c) => c.rows.length > 0)).toEqual([]);
    // The harness must have exercised every kind of operation.
    for (const op of ['post', 'batch', 'reverse', 'replay', 'refused-unbalanced', 'refused-key-reuse', 'refused-over-precise']) {
      expect([op, (counts[op] ?? 0) > 0]).toEqual([op, true]);
    }
  });
});
