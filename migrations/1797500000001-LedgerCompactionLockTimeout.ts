import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A compaction does not hold appends up (decision 1890). Waiting `FOR UPDATE` behind a postings
 * statement of a long command, it would queue every later append behind itself (a waiting row
 * lock goes first); with `lock_timeout` it gives up after 100 ms (55P03) and the caller tries again
 * later. Balances are exact either way.
 */
export class LedgerCompactionLockTimeout1797500000001 implements MigrationInterface {
  name = 'LedgerCompactionLockTimeout1797500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION ledger_compact_balances() SET lock_timeout = '100ms'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION ledger_compact_balances() RESET lock_timeout`);
  }
}
