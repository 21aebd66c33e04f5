import { codes, createTestApp, type TestApp } from '../helpers/test-app';
import { simplePost } from '../helpers/ledger';
import { accounts, postTransaction, type PostedTransaction } from '../../src/modules/ledger';

const S = 'SPUK-WI2021';
const OWN = 'GM0363';
const OTHER = 'GM0358';

const TX_FIELDS =
  'id sequence kind effectiveDate recordedAt reason causeType causeId reversesId reversedById hash prevHash postings { line account direction amount }';

describe('ledger GraphQL', () => {
  let t: TestApp;
  let ctl: string;
  let merger: PostedTransaction;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 2 });
    ctl = await t.tokens.controller(OWN);
    const ctx = t.ctx();
    await postTransaction(ctx, {
      ...simplePost('g-alloc-own', accounts.commitment(S, 2026), accounts.committed(OWN, S, 2026), '1200.00', '2025-10-01'),
      kind: 'ALLOCATION',
      cause: { type: 'ALLOCATION_RUN', id: 'run-1' },
    });
    await postTransaction(ctx, {
      ...simplePost('g-alloc-other', accounts.commitment(S, 2026), accounts.committed(OTHER, S, 2026), '800.00', '2025-10-01'),
      kind: 'ALLOCATION',
      cause: { type: 'ALLOCATION_RUN', id: 'run-1' },
    });
    await postTransaction(ctx, simplePost('g-t1', accounts.advance(OWN, S, 2026), accounts.bank(), '100.00', '2026-01-15'));
    await postTransaction(ctx, simplePost('g-t2', accounts.advance(OWN, S, 2026), accounts.bank(), '100.01', '2026-02-15'));
    await postTransaction(ctx, simplePost('g-t3', accounts.advance(OTHER, S, 2026), accounts.bank(), '66.66', '2026-01-15'));
    // One transaction touching both municipalities: the controller must not see the other's side.
    merger = await postTransaction(ctx, {
      ...simplePost('g-mixed', accounts.advance(OWN, S, 2026), accounts.advance(OTHER, S, 2026), '5.00', '2026-03-01'),
      kind: 'OFFSET',
    });
  });
  afterAll(() => t.close());

  it('lists accounts and transactions for a finance officer, with filters and pages', async () => {
    const a = await t.ok<{
      ledgerAccounts: { totalCount: number; edges: { node: { address: string; kind: string; normalSide: string } }[] };
    }>(`{ ledgerAccounts(first: 500) { totalCount edges { node { address kind normalSide } } } }`);
    expect(a.ledgerAccounts.totalCount).toBe(6);
    expect(a.ledgerAccounts.edges.map((e) => e.node)).toContainEqual({
      address: accounts.committed(OWN, S, 2026),
      kind: 'MEMO',
      normalSide: 'CREDIT',
    });
    const p1 = await t.ok<{
      journalTransactions: {
        totalCount: number;
        pageInfo: { endCursor: string; hasNextPage: boolean };
        edges: { node: { kind: string } }[];
      };
    }>(
      `{ journalTransactions(first: 2, filter: { causeType: "ALLOCATION_RUN", causeId: "run-1" }) { totalCount pageInfo { endCursor hasNextPage } edges { node { kind } } } }`,
    );
    expect(p1.journalTransactions.totalCount).toBe(2);
    expect(p1.journalTransactions.pageInfo.hasNextPage).toBe(false);
    const page = await t.ok<{
      journalTransactions: {
        totalCount: number;
        pageInfo: { endCursor: string; hasNextPage: boolean };
        edges: { node: { reason: string } }[];
      };
    }>(
      `{ journalTransactions(first: 2, filter: { municipalityCode: "${OWN}", from: "2026-01-01", to: "2026-12-31" }) { totalCount pageInfo { endCursor hasNextPage } edges { node { reason } } } }`,
    );
    expect(page.journalTransactions.totalCount).toBe(3);
    expect(page.journalTransactions.pageInfo.hasNextPage).toBe(true);
    const next = await t.ok<{ journalTransactions: { edges: { node: { id: string; postings: unknown[] } }[] } }>(
      `query($after: String) { journalTransactions(first: 2, after: $after, filter: { municipalityCode: "${OWN}", from: "2026-01-01" }) { edges { node { ${TX_FIELDS} } } } }`,
      { after: page.journalTransactions.pageInfo.endCursor },
    );
    expect(next.journalTransactions.edges.map((e) => e.node.id)).toEqual([merger.id]);
    expect(next.journalTransactions.edges[0]!.node.postings).toHaveLength(2);
  });

  it('answers balances, statements and a trial balance that nets to zero, to the cent', async () => {
    const b = await t.ok<{ accountBalance: { balance: string } }>(
      `{ accountBalance(address: "${accounts.advance(OWN, S, 2026)}", asOf: "2026-01-31") { balance } }`,
    );
    expect(b.accountBalance.balance).toBe('100.00');
    const m = await t.ok<{ municipalityBalances: { address: string; balance: string }[] }>(
      `{ municipalityBalances(code: "${OWN}") { address balance } }`,
    );
    expect(m.municipalityBalances).toEqual([
      { address: accounts.advance(OWN, S, 2026), balance: '205.01' },
      { address: accounts.committed(OWN, S, 2026), balance: '-1200.00' },
    ]);
    const s = await t.ok<{
      accountStatement: {
        address: string;
        opening: string;
        debitTotal: string;
        creditTotal: string;
        closing: string;
        movements: { amount: string; balanceAfter: string }[];
      }[];
    }>(
      `{ accountStatement(address: "${accounts.advance(OWN, S, 2026)}", from: "2026-02-01", to: "2026-03-31") { address opening debitTotal creditTotal closing movements { amount balanceAfter } } }`,
    );
    expect(s.accountStatement).toEqual([
      {
        address: accounts.advance(OWN, S, 2026),
        opening: '100.00',
        debitTotal: '105.01',
        creditTotal: '0.00',
        closing: '205.01',
        movements: [
          { amount: '100.01', balanceAfter: '200.01' },
          { amount: '5.00', balanceAfter: '205.01' },
        ],
      },
    ]);
    const tb = await t.ok<{ trialBalance: { totalDebit: string; totalCredit: string; net: string; lines: unknown[] } }>(
      `{ trialBalance { totalDebit totalCredit net lines { address debit credit } } }`,
    );
    // commitment 2000.00 + advances 205.01 + 61.66 = 2266.67 debit; committed 2000.00 + bank 266.67 credit.
    expect(tb.trialBalance).toMatchObject({ totalDebit: '2266.67', totalCredit: '2266.67', net: '0.00' });
    const v = await t.ok<{ verifyJournal: { ok: boolean; status: string; count: number } }>(
      `{ verifyJournal { ok status count } }`,
      {},
      t.tokens.auditor,
    );
    expect(v.verifyJournal).toEqual({ ok: true, status: 'OK', count: 6 });
  });

  it('shows a controller only its own accounts, transactions and postings', async () => {
    const a = await t.ok<{ ledgerAccounts: { edges: { node: { address: string } }[] } }>(
      `{ ledgerAccounts { edges { node { address } } } }`,
      {},
      ctl,
    );
    expect(a.ledgerAccounts.edges.map((e) => e.node.address).sort()).toEqual([
      accounts.advance(OWN, S, 2026),
      accounts.committed(OWN, S, 2026),
    ]);
    const j = await t.ok<{
      journalTransactions: { totalCount: number; edges: { node: { id: string; postings: { account: string }[] } }[] };
    }>(`{ journalTransactions { totalCount edges { node { ${TX_FIELDS} } } } }`, {}, ctl);
    expect(j.journalTransactions.totalCount).toBe(4);
    const accountsSeen = j.journalTransactions.edges.flatMap((e) => e.node.postings.map((p) => p.account));
    expect(accountsSeen.some((x) => x.includes(OTHER))).toBe(false);
    expect(j.journalTransactions.edges.find((e) => e.node.id === merger.id)!.node.postings).toEqual([
      { line: 1, account: accounts.advance(OWN, S, 2026), direction: 'DEBIT', amount: '5.00' },
    ]);
    const own = await t.ok<{ accountBalance: { balance: string } }>(
      `{ accountBalance(address: "${accounts.advance(OWN, S, 2026)}") { balance } }`,
      {},
      ctl,
    );
    expect(own.accountBalance.balance).toBe('205.01');
  });

  it.each([
    ['ledgerAccounts of another municipality', `{ ledgerAccounts(filter: { municipalityCode: "${OTHER}" }) { totalCount } }`],
    ['journalTransactions of another municipality', `{ journalTransactions(filter: { municipalityCode: "${OTHER}" }) { totalCount } }`],
    ['accountBalance of another municipality', `{ accountBalance(address: "${accounts.advance(OTHER, S, 2026)}") { balance } }`],
    ['accountBalance of a ministry account', `{ accountBalance(address: "ministry:bank") { balance } }`],
    ['municipalityBalances of another municipality', `{ municipalityBalances(code: "${OTHER}") { balance } }`],
    [
      'accountStatement of another municipality',
      `{ accountStatement(municipalityCode: "${OTHER}", from: "2026-01-01", to: "2026-12-31") { closing } }`,
    ],
    [
      'accountStatement of another account',
      `{ accountStatement(address: "${accounts.advance(OTHER, S, 2026)}", from: "2026-01-01", to: "2026-12-31") { closing } }`,
    ],
    ['trialBalance', `{ trialBalance { net } }`],
    ['verifyJournal', `{ verifyJournal { ok } }`],
    [
      'postManualCorrection',
      `mutation { postManualCorrection(input: { idempotencyKey: "c", effectiveDate: "2026-01-01", reason: "r", postings: [] }) { id } }`,
    ],
    ['reverseTransaction', `mutation { reverseTransaction(input: { transactionId: "x", idempotencyKey: "c", reason: "r" }) { id } }`],
  ])('refuses a controller: %s', async (_name, query) => {
    expect(codes(await t.gql(query, {}, ctl))).toEqual(['FORBIDDEN']);
  });

  it('refuses an auditor any posting', async () => {
    expect(
      codes(
        await t.gql(
          `mutation { reverseTransaction(input: { transactionId: "${merger.id}", idempotencyKey: "a", reason: "r" }) { id } }`,
          {},
          t.tokens.auditor,
        ),
      ),
    ).toEqual(['FORBIDDEN']);
  });

  it('lets a finance officer post a manual correction (idempotent) and reverse it', async () => {
    const q = `mutation($input: ManualCorrectionInput!) { postManualCorrection(input: $input) { ${TX_FIELDS} } }`;
    const input = {
      idempotencyKey: 'corr-1',
      effectiveDate: '2026-04-01',
      reason: 'bank statement differs',
      postings: [
        { account: 'ministry:bank', direction: 'DEBIT', amount: '0.10' },
        { account: accounts.advance(OWN, S, 2026), direction: 'CREDIT', amount: '0.10' },
      ],
    };
    const r = await t.ok<{ postManualCorrection: { id: string; kind: string; postings: { amount: string }[] } }>(q, { input });
    expect(r.postManualCorrection.kind).toBe('MANUAL_CORRECTION');
    expect(r.postManualCorrection.postings.map((p) => p.amount)).toEqual(['0.10', '0.10']);
    const again = await t.ok<{ postManualCorrection: { id: string } }>(q, { input }, t.tokens.finance2);
    expect(again.postManualCorrection.id).toBe(r.postManualCorrection.id);
    expect(codes(await t.gql(q, { input: { ...input, reason: 'other' } }))).toEqual(['CONFLICT']);
    expect(codes(await t.gql(q, { input: { ...input, idempotencyKey: 'corr-2', reason: '' } }))).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await t.gql(q, {
          input: { ...input, idempotencyKey: 'corr-3', postings: [{ ...input.postings[0], account: 'ministry:cash' }, input.postings[1]] },
        }),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await t.gql(q, {
          input: { ...input, idempotencyKey: 'corr-4', postings: [{ ...input.postings[0], amount: '0.101' }, input.postings[1]] },
        }),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    const rev = await t.ok<{ reverseTransaction: { kind: string; reversesId: string; postings: { direction: string }[] } }>(
      `mutation { reverseTransaction(input: { transactionId: "${r.postManualCorrection.id}", idempotencyKey: "corr-1-rev", reason: "booked twice" }) { ${TX_FIELDS} } }`,
    );
    expect(rev.reverseTransaction).toMatchObject({ kind: 'REVERSAL', reversesId: r.postManualCorrection.id });
    expect(rev.reverseTransaction.postings.map((p) => p.direction)).toEqual(['CREDIT', 'DEBIT']);
    const b = await t.ok<{ accountBalance: { balance: string } }>(`{ accountBalance(address: "ministry:bank") { balance } }`);
    expect(b.accountBalance.balance).toBe('-266.67');
  });
});
