import { createTestApp, type TestApp } from '../helpers/test-app';
import { simplePost } from '../helpers/ledger';
import { Role } from '../../src/common/auth/actor';
import { toFixedScale } from '../../src/common/money/money';
import { accounts, getBalance, postTransaction } from '../../src/modules/ledger';
import { registerMerger } from '../../src/modules/municipalities';
import { enqueueMergerTransfers, MERGER_TRANSFERS_QUEUE, type MergerTransfersJobResult } from '../../src/modules/mergers';
import { JOB_SCHEMA } from '../../src/common/jobs';

/**
 * Issue 16 / decision 1610: the booking of merger transfers that fell due runs on the job queue
 * (start-up pass plus an hourly schedule), not on a timer in main.ts. A merger registered without
 * its transfer (as one registered ahead whose date has since come) is booked by the queued pass.
 */
const S = 'MJOB-TEST';
const OLD = 'GM0059';
const NEW = 'GM0090';

describe('due merger transfers on the job queue', () => {
  let t: TestApp;
  const fo = () => t.ctx(Role.FINANCE_OFFICER, null, 'fo-1');
  const bal = async (account: string) => toFixedScale(await getBalance(fo(), account), 2);

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 4, jobs: true });
  });
  afterAll(() => t.close());

  it('registers an hourly schedule for the queue', async () => {
    const rows = await t.dataSource.query<{ name: string; cron: string }[]>(
      `SELECT name, cron FROM ${JOB_SCHEMA}.schedule WHERE name = $1`,
      [MERGER_TRANSFERS_QUEUE],
    );
    expect(rows).toEqual([{ name: MERGER_TRANSFERS_QUEUE, cron: '5 * * * *' }]);
  });

  it('a queued pass books a merger whose date has come, once', async () => {
    await postTransaction(fo(), simplePost('mj-old-1', accounts.advance(OLD, S, 2025), accounts.bank(), '321.09', '2025-06-01'));
    await postTransaction(fo(), simplePost('mj-new-1', accounts.advance(NEW, S, 2025), accounts.bank(), '100.01', '2025-06-01'));
    // Recorded without booking: as a merger registered ahead whose date has come since.
    await registerMerger(fo(), { dissolvedCodes: [OLD], successorCode: NEW, effectiveDate: '2026-01-01' });
    expect(await bal(accounts.advance(OLD, S, 2025))).toBe('321.09');

    const id = await enqueueMergerTransfers(t.jobs!, t.dataSource);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const done = await waitForJob(t, id!);
    expect(done.state).toBe('completed');
    expect((done.output as unknown as MergerTransfersJobResult).booked).toBeGreaterThanOrEqual(1);
    expect(await bal(accounts.advance(OLD, S, 2025))).toBe('0.00');
    expect(await bal(accounts.advance(NEW, S, 2025))).toBe('421.10');
    const transfers = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM journal_transactions WHERE kind = 'MERGER_TRANSFER' AND idempotency_key = $1`,
      [`merger:${OLD}:2026-01-01`],
    );
    expect(transfers[0]!.n).toBe(1);

    // A second pass finds it booked and books nothing more.
    const again = await waitForJob(t, (await enqueueMergerTransfers(t.jobs!, t.dataSource))!);
    expect(again.state).toBe('completed');
    const after = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM journal_transactions WHERE kind = 'MERGER_TRANSFER'`,
    );
    expect(after[0]!.n).toBe(1);
  }, 600_000);
});

/** Polls the job's state until it finished (readiness, not a fixed sleep); fails after 30 s. */
async function waitForJob(t: TestApp, id: string): Promise<{ state: string; output: Record<string, unknown> | null }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const status = await t.jobs!.status(MERGER_TRANSFERS_QUEUE, id);
    if (status !== null && ['completed', 'failed', 'cancelled'].includes(status.state)) {
      return status;
    }
    if (Date.now() > deadline) {
      throw new Error(`job ${id} still ${status?.state ?? 'missing'} after 30 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
