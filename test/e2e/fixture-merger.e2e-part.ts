import Decimal from 'decimal.js';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { MERGER_FIXTURE, mergerPeopleEvents } from '../../src/merger.fixtures';
import { Role } from '../../src/common/auth/actor';
import { toFixedScale } from '../../src/common/money/money';
import { accounts, getBalance, runLedgerChecks, verifyJournal } from '../../src/modules/ledger';
import { listReconciliationDifferences, processRun, startReconciliation } from '../../src/modules/reconciliation';

/**
 * Issue 16 item 7 (decision 1650): the fixtures hold a real herindeling, Voorne aan Zee (GM1992)
 * from Brielle, Hellevoetsluis and Westvoorne on 1 January 2023, with advances paid to the old
 * codes in 2022 and a settlement in 2023. After `loadFixtures` (what `npm start` loads) the old
 * advance accounts are zero, the successor carries their sums (read back from the tranche
 * payments themselves, to the cent), the journal names the merger as the cause, the trial balance
 * nets to zero and a reconciliation explains the transfer.
 */
const { schemeCode: S, year: Y, successorCode: NEW, dissolvedCodes: OLD, effectiveDate } = MERGER_FIXTURE;

let t: TestApp;
beforeAll(async () => {
  // Clones the run's template with `loadFixtures(dataSource)` done (test/helpers/test-app.ts, Seed).
  t = await createTestApp({ seed: 'fixtures' });
}, 600_000);
afterAll(async () => {
  await t.close();
});

const fo = () => t.ctx(Role.FINANCE_OFFICER, null, 'fo-merger');
const bal = async (account: string, asOf?: string) => toFixedScale(await getBalance(fo(), account, asOf ? { asOf } : {}), 2);
/** What was paid as advances to a code's 2022 SPUK account, from the payments (not the transfer). */
const paidTo = async (m: string): Promise<Decimal> => {
  const rows = await t.dataSource.query<{ amount: string }[]>(
    `SELECT p.amount::text AS amount FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id
       JOIN journal_transactions t ON t.id = p.transaction_id
      WHERE a.address = $1 AND p.direction = 'DEBIT' AND t.kind <> 'MERGER_TRANSFER'`,
    [accounts.advance(m, S, Y)],
  );
  return rows.reduce((s, r) => s.plus(r.amount), new Decimal(0));
};

describe('the Voorne aan Zee herindeling in the fixtures (decision 1650)', () => {
  it('registers the merger with a booked transfer for each old code, and the old codes end on 31 December 2022', async () => {
    const data = await t.ok<{
      municipalityMergers: { dissolvedCode: string; successorCode: string; effectiveDate: string; transferTransactionId: string | null }[];
    }>(`{ municipalityMergers { dissolvedCode successorCode effectiveDate transferTransactionId } }`, {}, t.tokens.finance);
    const mine = data.municipalityMergers
      .filter((m) => m.successorCode === NEW)
      .sort((a, b) => (a.dissolvedCode < b.dissolvedCode ? -1 : 1));
    expect(mine.map((m) => [m.dissolvedCode, m.effectiveDate])).toEqual(OLD.map((c) => [c, effectiveDate]));
    for (const m of mine) {
      expect(m.transferTransactionId).not.toBeNull();
      const [tx] = await t.dataSource.query<{ kind: string; cause_type: string; cause_id: string; effective_date: string }[]>(
        `SELECT kind, cause_type, cause_id, to_char(effective_date, 'YYYY-MM-DD') AS effective_date FROM journal_transactions WHERE id = $1`,
        [m.transferTransactionId],
      );
      expect(tx).toEqual({
        kind: 'MERGER_TRANSFER',
        cause_type: 'MERGER',
        cause_id: `${m.dissolvedCode}:${effectiveDate}`,
        effective_date: effectiveDate,
      });
    }
    const rows = await t.dataSource.query<{ code: string; name: string; valid_until: string | null }[]>(
      `SELECT code, name, to_char(valid_until, 'YYYY-MM-DD') AS valid_until FROM municipalities WHERE code = ANY($1) ORDER BY code`,
      [[...OLD, NEW]],
    );
    expect(rows).toEqual([
      { code: 'GM0501', name: 'Brielle', valid_until: '2022-12-31' },
      { code: 'GM0530', name: 'Hellevoetsluis', valid_until: '2022-12-31' },
      { code: 'GM0614', name: 'Westvoorne', valid_until: '2022-12-31' },
      { code: 'GM1992', name: 'Voorne aan Zee', valid_until: null },
    ]);
  });

  it('moves every 2022 advance of the old codes to Voorne aan Zee on 1 January 2023, to the cent', async () => {
    let sum = new Decimal(0);
    for (const code of OLD) {
      const paid = await paidTo(code);
      expect(paid.gt(0)).toBe(true);
      // Before the date the money is on the old account; from the date it is zero there.
      expect(await bal(accounts.advance(code, S, Y), '2022-12-31')).toBe(paid.toFixed(2));
      expect(await bal(accounts.advance(code, S, Y), effectiveDate)).toBe('0.00');
      sum = sum.plus(paid);
    }
    expect(await bal(accounts.advance(NEW, S, Y), '2022-12-31')).toBe('0.00');
    expect(await bal(accounts.advance(NEW, S, Y), effectiveDate)).toBe(sum.toFixed(2));
    // The old codes hold nothing today on any account: the 2022 commitment, booked by runs made at
    // today's date (after 1 January 2023), followed the merger on its own day (decision 1651).
    const left = await t.dataSource.query<{ address: string; balance: string }[]>(
      `SELECT a.address, SUM(CASE WHEN p.direction = 'DEBIT' THEN p.amount ELSE -p.amount END)::numeric(20,2)::text AS balance
         FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id
        WHERE a.address ~ $1 GROUP BY a.address HAVING SUM(CASE WHEN p.direction = 'DEBIT' THEN p.amount ELSE -p.amount END) <> 0`,
      [OLD.join('|')],
    );
    expect(left).toEqual([]);
  });

  it('keeps the ledger whole and reconciliation explains the transfer', async () => {
    const tb = await t.ok<{ trialBalance: { net: string } }>(`{ trialBalance { net } }`, {}, t.tokens.finance);
    expect(tb.trialBalance.net).toBe('0.00');
    expect((await runLedgerChecks(fo())).filter((r) => r.rows.length > 0)).toEqual([]);
    expect((await verifyJournal(fo())).ok).toBe(true);
    const auditor = t.ctx(Role.AUDITOR, null, 'auditor-merger');
    const run = await startReconciliation(auditor, { schemeCode: S, year: Y });
    await processRun(t.dataSource, run.id);
    const diffs = await listReconciliationDifferences(auditor, run.id, {}, 500, null);
    const rows = diffs.edges.map((e) => [e.node.checkCode, e.node.municipalityCode, e.node.cause, e.node.difference]);
    // Nothing unexplained for the merger's municipalities. (The receivable account is per scheme,
    // not per year: a 2022 run also meets Voorne aan Zee's 2025 receivable, outside this check.)
    const ours = new Set<string>([...OLD, NEW]);
    expect(rows.filter((r) => ours.has(r[1] as string) && r[2] === 'UNEXPLAINED' && r[0] !== 'RECEIVABLE_BALANCE')).toEqual([]);
    for (const code of OLD) {
      expect(rows).toEqual(
        expect.arrayContaining([['ADVANCE_BALANCE', code, 'MERGER_TRANSFER', (await paidTo(code)).negated().toFixed(2)]]),
      );
    }
  });

  it("lists today's register by default and the dissolved codes on request", async () => {
    const data = await t.ok<{ now: { totalCount: number }; all: { totalCount: number }; y2022: { totalCount: number } }>(
      `{ now: municipalities(first: 1) { totalCount } all: municipalities(first: 1, filter: { includeEnded: true }) { totalCount }
         y2022: municipalities(first: 1, filter: { existingOn: "2022-12-31" }) { totalCount } }`,
      {},
      t.tokens.finance,
    );
    // 2022-12-31: the three old codes; GM1992 has no start date in the 2025 register, so it is counted too.
    expect(data).toEqual({ now: { totalCount: 342 }, all: { totalCount: 345 }, y2022: { totalCount: 345 } });
  });

  it('applies every person event of the scenario, the 2023 moves written with either code included', async () => {
    const events = mergerPeopleEvents();
    expect(events.some((e) => e.type === 'MOVED' && e.date >= effectiveDate && OLD.includes(e.fromCode as never))).toBe(true);
    expect(events.some((e) => e.type === 'MOVED' && e.date >= effectiveDate && e.fromCode === NEW)).toBe(true);
    const [row] = await t.dataSource.query<{ applied: number }[]>(
      `SELECT count(*)::int AS applied FROM person_events WHERE status = 'APPLIED' AND person_id LIKE 'VAZ22-%'`,
    );
    expect(row!.applied).toBe(events.length);
  });

  it('settles 2022 in 2023 with a finalised settlement', async () => {
    const data = await t.ok<{ settlements: { status: string; lines: { municipalityCode: string; amount: string | null }[] }[] }>(
      `{ settlements(schemeCode: "${S}", year: ${Y}) { status lines { municipalityCode amount } } }`,
      {},
      t.tokens.finance,
    );
    expect(data.settlements.map((s) => s.status)).toEqual(['FINALISED']);
  });
});
