import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { createTestScheme } from '../helpers/advances';
import { Role } from '../../src/common/auth/actor';
import { createDataSource, initialise } from '../../src/common/db/data-source';
import { databaseTarget } from '../../src/cli/cli-target';
import { importEventsFile } from '../../src/cli/import-events';
import { SIDE_BY_SIDE_QUEUE } from '../../src/modules/registration/registration.jobs';
import { until } from '../helpers/until';

/**
 * Decision 1911: `npm run import:events` writing into the database itself (DATABASE_URL, or the
 * embedded directory it holds) queues the side-by-side precompute in the import's transaction, as
 * an import through the server does (decision 1750). A server running on the same database (here
 * the test app with its job queue and every worker, as main.ts runs them) computes it at its next
 * poll; a refused file queues nothing. Without the CLI's queue the server would only learn of the
 * import at its next start (or the next request would attribute while the user waits).
 */
const YEAR = 2027;

interface JobRow {
  id: string;
  state: string;
  output: { years?: number[] } | null;
}

describe('a CLI import without the server queues the side-by-side precompute', () => {
  let t: TestApp;
  const jobs = (since: Date) =>
    t.dataSource.query<JobRow[]>(
      `SELECT id::text AS id, state::text AS state, output FROM pgboss.job WHERE name = $1 AND created_on > $2`,
      [SIDE_BY_SIDE_QUEUE, since.toISOString()],
    );
  const write = (lines: string[]) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-sbs-')), 'events.csv');
    fs.writeFileSync(file, `${['eventId,personId,source,sourceRecordedAt,type,date,category,municipalityCode', ...lines].join('\n')}\n`);
    return file;
  };

  beforeAll(async () => {
    t = await createTestApp({ jobs: true });
    await createTestScheme(t.ctx(Role.FINANCE_OFFICER, null, 'fo-cli-sbs'), 'CLI-SBS', YEAR, '11600.00');
    // The server's start-up pass has run (nothing of this queue waits or runs).
    await until('the start-up pass', async () => {
      const [{ n }] = await t.dataSource.query<[{ n: number }]>(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state < 'completed'`,
        [SIDE_BY_SIDE_QUEUE],
      );
      return n === 0;
    });
  }, 120_000);
  afterAll(() => t.close());

  it('queues it with the events, and the server running on the same database computes it', async () => {
    // The CLI's own connection to the database, as resolveTarget opens it for DATABASE_URL.
    const ds = createDataSource({ url: t.url, poolSize: 1, applicationName: 'cli' });
    await initialise(ds);
    const target = databaseTarget(ds, 'the PostgreSQL database of DATABASE_URL', () => ds.destroy());
    try {
      const since = new Date(Date.now() - 1000);
      const before = await jobs(since);
      const file = write([
        `cli-sbs-1,cli-sbs-person-1,COA,${YEAR}-12-31T12:00:00Z,OBLIGATION_STARTED,${YEAR}-02-01,ASIELSTATUSHOUDER,`,
        `cli-sbs-2,cli-sbs-person-1,COA,${YEAR}-12-31T12:00:00Z,HOUSED,${YEAR}-03-01,,GM0363`,
      ]);
      const errors: string[] = [];
      const result = await importEventsFile(
        target,
        file,
        undefined,
        () => undefined,
        (l) => errors.push(l),
      );
      expect(result.exitCode).toBe(0);
      expect(result.chunks.map((c) => c.applied)).toEqual([2]);
      // One pass queued by the import (committed with it), then run by the server's worker for the open year.
      // Jobs made before the import (the server's start-up pass may be younger than `since`) are left out.
      const earlier = new Set(before.map((j) => j.id));
      const queued = async () => (await jobs(since)).filter((j) => !earlier.has(j.id));
      await until('the pass the import queued ran', async () => (await queued()).some((j) => j.state === 'completed'), 30_000);
      const added = await queued();
      expect(added.length).toBe(1);
      expect(added[0]!.state).toBe('completed');
      expect(added[0]!.output?.years).toContain(YEAR);
      const after = await jobs(since);

      // A refused file writes nothing and queues nothing.
      const refused = write([`cli-sbs-3,cli-sbs-person-2,COA,${YEAR}-12-31T12:00:00Z,HOUSED,${YEAR}-03-01,,GM9999`]);
      const bad = await importEventsFile(
        target,
        refused,
        undefined,
        () => undefined,
        () => undefined,
      );
      expect(bad.exitCode).toBe(1);
      expect((await jobs(since)).length).toBe(after.length);
    } finally {
      await target.close();
    }
  }, 120_000);
});
