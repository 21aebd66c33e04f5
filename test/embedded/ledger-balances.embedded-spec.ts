import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { runCompiled } from '../helpers/run-compiled';

/**
 * [embedded] Daily balances out of the append (decision 1890) on PGlite, whose appends take the
 * INSERT … unnest path: balances as of several dates equal the postings right after the appends,
 * after a compaction (`npm run compact:balances`, the data directory's owner) and after more
 * appends on top of the snapshot; `check:ledger` finds the snapshot equal to its postings.
 */
describe('[embedded] ledger balances from the snapshot and the postings after its watermark', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ife-embedded-balances-'));
  const env = { EMBEDDED_DATA_DIR: path.join(dir, 'pglite'), JWT_SECRET: 'embedded-smoke-secret-0123456789abcdef' };
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function gql(s: ServerProcess, query: string, variables: Record<string, unknown> = {}) {
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${s.tokens.FINANCE_OFFICER ?? ''}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, { balance: string }>; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data ?? {};
  }

  const adv = 'municipality:GM0363:advance:SPUK-WI2021:2026';
  const dates = ['2026-01-31', '2026-03-31', '2026-06-30', '2026-12-31'];
  const balances = async (s: ServerProcess): Promise<string[]> => {
    const data = await gql(s, `{ ${dates.map((d, i) => `b${i}: accountBalance(address: "${adv}", asOf: "${d}") { balance }`).join(' ')} }`);
    return dates.map((_, i) => data[`b${i}`]!.balance);
  };
  const post = async (s: ServerProcess, key: string, date: string, amount: string) =>
    gql(s, `mutation($input: ManualCorrectionInput!) { postManualCorrection(input: $input) { id } }`, {
      input: {
        idempotencyKey: key,
        effectiveDate: date,
        reason: 'embedded balances',
        postings: [
          { account: adv, direction: 'DEBIT', amount },
          { account: 'ministry:bank', direction: 'CREDIT', amount },
        ],
      },
    });
  /** Adds cents so the sums are compared to the cent, never as floats. */
  const plus = (a: string, cents: number) => ((Math.round(Number(a) * 100) + cents) / 100).toFixed(2);

  it('is exact after INSERT-path appends, after a compaction and after appends on top of it', async () => {
    server = await startServerProcess(env);
    const start = await balances(server);
    await post(server, 'emb-bal-1', '2026-02-15', '100.01');
    await post(server, 'emb-bal-2', '2026-05-01', '0.99');
    await post(server, 'emb-bal-3', '2026-12-31', '1234.56');
    const afterAppends = await balances(server);
    expect(afterAppends).toEqual([start[0]!, plus(start[1]!, 10001), plus(start[2]!, 10100), plus(start[3]!, 133556)]);
    await server.stop();
    server = undefined;

    const compacted = await runCompiled('cli/compact-balances.js', [], env);
    expect([compacted.code, compacted.stdout]).toEqual([
      0,
      expect.stringMatching(/^compacted sequences 1\.\.\d+ into ledger_daily_balances\n$/),
    ]);
    const checked = await runCompiled('cli/check-ledger.js', [], env);
    expect([checked.code, checked.stdout]).toEqual([0, expect.stringContaining('ok     daily_balances_differ_from_postings')]);

    server = await startServerProcess(env);
    expect(await balances(server)).toEqual(afterAppends);
    await post(server, 'emb-bal-4', '2026-03-31', '0.01');
    expect(await balances(server)).toEqual([
      afterAppends[0]!,
      plus(afterAppends[1]!, 1),
      plus(afterAppends[2]!, 1),
      plus(afterAppends[3]!, 1),
    ]);
  });
});
