import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess } from '../helpers/server-process';

/** [embedded] smoke: the ledger's SQL (unnest inserts, triggers, advisory lock) on PGlite. */
describe('[embedded] ledger on PGlite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ife-embedded-ledger-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function gql(url: string, token: string, query: string, variables: Record<string, unknown> = {}) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] };
  }

  it('posts, replays, reverses, balances and verifies', async () => {
    const env = { EMBEDDED_DATA_DIR: path.join(dir, 'pglite'), JWT_SECRET: 'embedded-smoke-secret-0123456789abcdef' };
    const server = await startServerProcess(env);
    try {
      const fo = server.tokens.FINANCE_OFFICER ?? '';
      // `npm start` loads scenario fixtures that book allocation runs: count from what is there.
      const start = await gql(
        server.url,
        fo,
        `{ verifyJournal { count } bank: accountBalance(address: "ministry:bank", asOf: "2026-01-15") { balance } }`,
      );
      const before = (start.data?.verifyJournal as { count: number }).count;
      const bankBefore = (start.data?.bank as { balance: string }).balance;
      const post = `mutation($input: ManualCorrectionInput!) { postManualCorrection(input: $input) { id sequence postings { amount } } }`;
      const input = {
        idempotencyKey: 'emb-1',
        effectiveDate: '2026-01-15',
        reason: 'embedded smoke',
        postings: [
          { account: 'municipality:GM0363:advance:SPUK-WI2021:2026', direction: 'DEBIT', amount: '10.05' },
          { account: 'ministry:bank', direction: 'CREDIT', amount: '10.05' },
        ],
      };
      const first = await gql(server.url, fo, post, { input });
      expect(first.errors).toBeUndefined();
      const id = (first.data?.postManualCorrection as { id: string }).id;
      const again = await gql(server.url, fo, post, { input });
      expect((again.data?.postManualCorrection as { id: string }).id).toBe(id);
      const unbalanced = await gql(server.url, fo, post, {
        input: { ...input, idempotencyKey: 'emb-2', postings: [input.postings[0], { ...input.postings[1], amount: '10.04' }] },
      });
      expect(unbalanced.errors?.[0]?.extensions?.code).toBe('LEDGER_UNBALANCED');
      const rev = await gql(
        server.url,
        fo,
        `mutation { reverseTransaction(input: { transactionId: "${id}", idempotencyKey: "emb-rev", reason: "smoke" }) { kind } }`,
      );
      expect(rev.data).toEqual({ reverseTransaction: { kind: 'REVERSAL' } });
      const q = await gql(
        server.url,
        fo,
        `{ trialBalance { net } accountBalance(address: "ministry:bank", asOf: "2026-01-15") { balance } verifyJournal { status count } }`,
      );
      expect(q.data).toEqual({
        trialBalance: { net: '0.00' },
        // The correction and its reversal cancel out on the bank account.
        accountBalance: { balance: bankBefore },
        verifyJournal: { status: 'OK', count: before + 2 },
      });
    } finally {
      await server.stop();
    }
  });
});
