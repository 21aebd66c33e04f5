import Decimal from 'decimal.js';
import { loadAllocationFixtures } from '../../src/modules/allocations';
import { createTestApp, codes, type TestApp } from '../helpers/test-app';
import { accounts, findTransactionsByCause, getBalance, getBalances } from '../../src/modules/ledger';

/** Allocation runs in the ledger (DOMAIN.md "Accounts and what is booked"), on the real database. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await loadAllocationFixtures(t.ctx());
});
afterAll(async () => {
  await t.close();
});

interface Outcome {
  replayed: boolean;
  dryRun: boolean;
  booked: boolean;
  run: { id: string; bookingTransactionId: string | null; replacesRunId: string | null; totalAmount: string };
  lines: { municipalityCode: string; amount: string }[];
}
const RUN = `mutation($input: RunAllocationInput!) { runAllocation(input: $input) { replayed dryRun booked
  run { id bookingTransactionId replacesRunId totalAmount } lines { municipalityCode amount } } }`;

async function journalSize(): Promise<number> {
  const r: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM journal_transactions`);
  return r[0]!.n;
}

/** Every committed account equals minus the run's amount (credit-normal memo), and the commitment the total. */
async function expectLedgerMatches(scheme: string, lines: { municipalityCode: string; amount: string }[]) {
  const ctx = t.ctx();
  const balances = await getBalances(
    ctx,
    lines.map((l) => accounts.committed(l.municipalityCode, scheme, 2026)),
  );
  for (const l of lines) {
    const b = balances.get(accounts.committed(l.municipalityCode, scheme, 2026)) ?? new Decimal(0);
    expect(`${l.municipalityCode} ${b.toFixed(2)}`).toBe(`${l.municipalityCode} ${new Decimal(l.amount).negated().toFixed(2)}`);
  }
  const total = lines.reduce((s, l) => s.plus(l.amount), new Decimal(0));
  expect((await getBalance(ctx, accounts.commitment(scheme, 2026))).toFixed(2)).toBe(total.toFixed(2));
}

describe('allocation runs in the ledger', () => {
  let ruleId: string;
  let first: Outcome;

  beforeAll(async () => {
    const rules = await t.ok<{ allocationRules: { id: string; ruleKey: string }[] }>(
      `{ allocationRules(schemeCode: "UITV-WI2021") { id ruleKey } }`,
    );
    ruleId = rules.allocationRules.find((r) => r.ruleKey === 'UITV-KEY')!.id;
  });

  it('the fixture PROVISIONAL run is booked: commitment = total, each committed = its amount', async () => {
    const runs = await t.ok<{
      allocationRuns: {
        id: string;
        bookingTransactionId: string | null;
        lines: { edges: { node: { municipalityCode: string; amount: string } }[] };
      }[];
    }>(
      `{ allocationRuns(schemeCode: "UITV-WI2021", year: 2026) { id bookingTransactionId lines(first: 500) { edges { node { municipalityCode amount } } } } }`,
    );
    const run = runs.allocationRuns[0]!;
    expect(run.bookingTransactionId).not.toBeNull();
    const posted = await findTransactionsByCause(t.ctx(), { type: 'ALLOCATION_RUN', id: run.id });
    expect(posted.map((p) => p.kind)).toEqual(['ALLOCATION']);
    await expectLedgerMatches(
      'UITV-WI2021',
      run.lines.edges.map((e) => e.node),
    );
  });

  it('a dry run books nothing; a new run reverses the replaced one first and books its own amounts', async () => {
    const before = await journalSize();
    const dry = await t.ok<{ runAllocation: Outcome }>(RUN, {
      input: { schemeCode: 'UITV-WI2021', year: 2026, ruleVersionId: ruleId, stage: 'INTERIM', idempotencyKey: 'book-dry', dryRun: true },
    });
    expect(dry.runAllocation).toMatchObject({ dryRun: true, booked: false, run: { bookingTransactionId: null } });
    expect(await journalSize()).toBe(before);

    // Change one municipality's counts so the interim run differs from the provisional one.
    await t.ok(`mutation($input: ImportCountsInput!) { importCounts(input: $input) { rowCount } }`, {
      input: {
        batchKey: 'book-correction',
        rows: [
          {
            municipalityCode: 'GM0363',
            periodType: 'YEAR',
            periodStart: '2026-01-01',
            periodEnd: '2026-12-31',
            category: 'OVERIG',
            basis: 'TAAKSTELLING',
            source: 'MINISTRY',
            value: '900',
          },
        ],
      },
    });
    const r = await t.ok<{ runAllocation: Outcome }>(RUN, {
      input: { schemeCode: 'UITV-WI2021', year: 2026, ruleVersionId: ruleId, stage: 'INTERIM', idempotencyKey: 'book-interim' },
    });
    first = r.runAllocation;
    expect(first.booked).toBe(true);
    expect(await journalSize()).toBe(before + 2); // reversal + allocation
    const replaced = await findTransactionsByCause(t.ctx(), { type: 'ALLOCATION_RUN', id: first.run.replacesRunId! });
    expect(replaced.map((p) => p.kind).sort()).toEqual(['ALLOCATION', 'REVERSAL']);
    await expectLedgerMatches('UITV-WI2021', first.lines);
    expect(first.run.totalAmount).toBe('103000000.00');
  });

  it('replaying the idempotency key books nothing again', async () => {
    const before = await journalSize();
    const again = await t.ok<{ runAllocation: Outcome }>(RUN, {
      input: { schemeCode: 'UITV-WI2021', year: 2026, ruleVersionId: ruleId, stage: 'INTERIM', idempotencyKey: 'book-interim' },
    });
    expect(again.runAllocation).toMatchObject({
      replayed: true,
      run: { id: first.run.id, bookingTransactionId: first.run.bookingTransactionId },
    });
    expect(await journalSize()).toBe(before);
  });

  it('parallel runs of one scheme-year serialise: each reverses the one before, and the ledger equals the current run', async () => {
    const input = (key: string) => ({
      schemeCode: 'UITV-WI2021',
      year: 2026,
      ruleVersionId: ruleId,
      stage: 'CORRECTION',
      idempotencyKey: key,
    });
    const results = await Promise.all(['par-1', 'par-2', 'par-3'].map((k) => t.gql<{ runAllocation: Outcome }>(RUN, { input: input(k) })));
    expect(results.flatMap(codes)).toEqual([]);
    const runs = await t.ok<{
      allocationRuns: { id: string; seq: number; status: string; bookingTransactionId: string; reversalTransactionId: string | null }[];
    }>(`{ allocationRuns(schemeCode: "UITV-WI2021", year: 2026) { id seq status bookingTransactionId reversalTransactionId } }`);
    const [current, ...older] = runs.allocationRuns;
    expect(current!.status).toBe('CURRENT');
    expect(current!.reversalTransactionId).toBeNull();
    for (const r of older) {
      expect(r.status).toBe('REPLACED');
      expect(r.reversalTransactionId).not.toBeNull();
    }
    const currentLines = results.map((r) => r.data!.runAllocation).find((o) => o.run.id === current!.id)!.lines;
    await expectLedgerMatches('UITV-WI2021', currentLines);
  });

  it('zero amounts are not posted', async () => {
    await t.ok(`mutation($input: CreateSchemeInput!) { createScheme(input: $input) { id } }`, {
      input: {
        code: 'BOOK-ZERO',
        name: 'Zero lines',
        stream: 'IMPLEMENTATION_COSTS',
        year: 2026,
        budgetMode: 'CLOSED',
        budget: '100.00',
        status: 'OPEN',
      },
    });
    await t.ok(`mutation($input: AddRateInput!) { addRate(input: $input) { id } }`, {
      input: { schemeCode: 'BOOK-ZERO', category: 'GEZINSMIGRANT', amount: '1.00', validFrom: '2026-01-01' },
    });
    await t.ok(`mutation($input: ImportCountsInput!) { importCounts(input: $input) { rowCount } }`, {
      input: {
        batchKey: 'book-zero',
        rows: ['GM0344', 'GM0363'].map((m) => ({
          municipalityCode: m,
          periodType: 'YEAR',
          periodStart: '2026-01-01',
          periodEnd: '2026-12-31',
          category: 'GEZINSMIGRANT',
          basis: 'REPORTED',
          source: 'DUO',
          value: '1',
        })),
      },
    });
    const rule = await t.ok<{ createAllocationRule: { id: string } }>(
      `mutation($input: AllocationRuleInput!) { createAllocationRule(input: $input) { id } }`,
      {
        input: { ruleKey: 'BOOK-ZERO-KEY', schemeCode: 'BOOK-ZERO', basis: 'REPORTED', categories: [{ category: 'GEZINSMIGRANT' }] },
      },
    );
    const r = await t.gql<{ runAllocation: Outcome }>(RUN, {
      input: {
        schemeCode: 'BOOK-ZERO',
        year: 2026,
        ruleVersionId: rule.createAllocationRule.id,
        stage: 'PROVISIONAL',
        idempotencyKey: 'book-zero-run',
      },
    });
    expect(codes(r)).toEqual([]);
    const postings: { n: number }[] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM journal_postings WHERE transaction_id = $1`,
      [r.data!.runAllocation.run.bookingTransactionId],
    );
    expect(postings[0]!.n).toBe(3); // commitment + GM0344 + GM0363; 340 zero lines skipped
    await expectLedgerMatches('BOOK-ZERO', r.data!.runAllocation.lines);
  });
});
