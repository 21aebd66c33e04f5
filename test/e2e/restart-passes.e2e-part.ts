import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/test-app';
import { urlForDatabase } from '../helpers/db-urls';
import { startServerProcess } from '../helpers/server-process';
import { until } from '../helpers/until';
import { simplePost } from '../helpers/ledger';
import { Role } from '../../src/common/auth/actor';
import { toFixedScale } from '../../src/common/money/money';
import { initialise, migrate } from '../../src/common/db/data-source';
import { accounts, getBalance, postTransaction } from '../../src/modules/ledger';
import { registerMerger } from '../../src/modules/municipalities';

/** A migration this code does not have: as a new one arriving with a pull. */
class StartupProbe1797410000000 implements MigrationInterface {
  name = 'StartupProbe1797410000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE startup_probe (id int PRIMARY KEY)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE startup_probe`);
  }
}

/**
 * Decision 1840: a restart asks the database one question about migrations, and the job workers
 * with their start-up passes run after the banner. Nothing may be lost by either: a migration the
 * database lacks is still applied, and a merger transfer that fell due while the server was down is
 * still booked by the restarted server (the old process's pass, not a test helper, books it).
 */
describe('restart: migrations checked by one query, start-up passes after the banner', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 2 });
  });
  afterAll(() => t.close());

  it('skips the migrations when the database has them all, and applies one it lacks', async () => {
    // The template has every migration of this code: nothing to run.
    expect(await migrate(t.dataSource)).toEqual([]);

    const registered = t.dataSource.options.migrations as (string | (new () => MigrationInterface))[];
    const withProbe = new DataSource({ ...t.dataSource.options, migrations: [...registered, StartupProbe1797410000000] });
    await initialise(withProbe);
    try {
      expect(await migrate(withProbe)).toEqual(['StartupProbe1797410000000']);
      const rows = await withProbe.query<{ name: string }[]>(`SELECT name FROM migrations WHERE name = 'StartupProbe1797410000000'`);
      expect(rows).toHaveLength(1);
      expect(await withProbe.query(`SELECT count(*)::int AS n FROM startup_probe`)).toEqual([{ n: 0 }]);
      // And once applied, it is not run again.
      expect(await migrate(withProbe)).toEqual([]);
    } finally {
      await withProbe.destroy();
    }
  });

  it('a restarted server books a merger transfer that fell due while it was down, and says ready only after its passes', async () => {
    const fo = t.ctx(Role.FINANCE_OFFICER, null, 'fo-restart');
    const S = 'RESTART-TEST';
    const OLD = 'GM0059';
    const NEW = 'GM0090';
    await postTransaction(fo, simplePost('rs-old-1', accounts.advance(OLD, S, 2025), accounts.bank(), '321.09', '2025-06-01'));
    await postTransaction(fo, simplePost('rs-new-1', accounts.advance(NEW, S, 2025), accounts.bank(), '100.01', '2025-06-01'));
    // Recorded without booking, as a merger registered ahead whose date came while no server ran.
    await registerMerger(fo, { dissolvedCodes: [OLD], successorCode: NEW, effectiveDate: '2026-01-01' });
    const bal = async (account: string) => toFixedScale(await getBalance(t.ctx(Role.FINANCE_OFFICER, null, 'fo-restart'), account), 2);
    expect(await bal(accounts.advance(OLD, S, 2025))).toBe('321.09');

    const server = await startServerProcess({
      DATABASE_URL: urlForDatabase(t.databaseName),
      LOAD_FIXTURES: 'false',
      JWT_SECRET: TEST_SECRET,
      LOG_LEVEL: 'info',
      // As npm start has it (the test helper switches it off): compiled after the passes.
      CHAIN_INBOUND_WARM_UP: 'true',
    });
    try {
      // startServerProcess returned once /readyz said 200: the passes ran, in this order.
      const out = server.output();
      const banner = out.indexOf('Development tokens');
      const passes = out.indexOf('start-up passes ran');
      expect(banner).toBeGreaterThan(-1);
      expect(passes).toBeGreaterThan(banner);
      // The start-up pass is a job: it books once the worker has taken it, and logs after its commit,
      // so the log line reaches this process a moment after the balances change (waited on, not
      // slept on: polled until the line is there).
      const bookedLine = /"booked":1[,}][^\n]*merger transfers due are booked/;
      await until('the merger pass logs its booking', () => bookedLine.test(server.output()));
      expect(server.output()).toMatch(bookedLine);
      expect(await bal(accounts.advance(OLD, S, 2025))).toBe('0.00');
      expect(await bal(accounts.advance(NEW, S, 2025))).toBe('421.10');
      // The chain's request validator is compiled in the background once the passes ran.
      await until('the validator compile is logged', () => server.output().includes('chain inbound validator compiled'));
      expect(server.output().indexOf('chain inbound validator compiled')).toBeGreaterThan(passes);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
