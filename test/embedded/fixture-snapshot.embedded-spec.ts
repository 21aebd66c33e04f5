import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { fixtureSnapshotFor } from '../../src/fixtures';
import { WAL_SEGMENT } from '../../src/common/db/embedded';
import { adminUrl, BROWSER_TEMPLATE_ENV, urlForDatabase } from '../helpers/db-urls';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { waitForTemplate } from '../helpers/template-making';

/**
 * `npm start` on the embedded database with the fixture snapshot (decision 1200): a new data
 * directory starts as a copy of the fixture database the build made, a restart does no fixture
 * work at all, and the copy holds the same data the services write when they load a database in
 * place. (`npm test` builds first, so the snapshot for this code exists; were it missing, the first
 * start here would make it.)
 */
describe('[embedded] the fixture snapshot', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ife-embedded-snapshot-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const SECRET = { JWT_SECRET: 'embedded-snapshot-secret-0123456789abcdef' };

  async function gql<T>(server: ServerProcess, query: string): Promise<T> {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.tokens.AUDITOR ?? ''}` },
      body: JSON.stringify({ query }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    if (body.errors !== undefined || body.data === undefined) {
      throw new Error(JSON.stringify(body.errors));
    }
    return body.data;
  }

  const logged = (server: ServerProcess, message: string) => server.output().includes(`"msg":"${message}"`);
  const seededFrom = (server: ServerProcess) => /"seededFrom":"([0-9a-f]{64})"/.exec(server.output())?.[1];

  /**
   * What the fixtures put in the database, read through the API: every account's balance, every run
   * with its output hash, the 2025 settlements line by line, the reports, the reconciliation run,
   * the people. Ids and the moments rows were written differ between two loads (and so do the
   * hashes that name rows by id: allocation inputs, reconciliation outputs); none of these do.
   */
  const FINGERPRINT = `{
    trialBalance(asOf: "2026-12-31") { net totalDebit totalCredit lines { address debit credit } }
    runs2025: allocationRuns(year: 2025) { schemeCode stage status totalAmount outputHash }
    runs2026: allocationRuns(year: 2026) { schemeCode stage status totalAmount outputHash }
    settlements(schemeCode: "SPUK-WI2021", year: 2025) { status recoveryMode totalAmount lines { municipalityCode status amount } }
    accountabilityOverview(schemeCode: "SPUK-WI2021", year: 2025, asOf: "2026-11-01", first: 500) {
      totalCount edges { node { municipalityCode latestStatus late overdue } } }
    reconciliationRuns(first: 10) { edges { node { status differenceCount progressTotal } } }
    peopleInView(municipalityCode: "GM0363", date: "2026-12-31", first: 1) { totalCount }
  }`;

  let fromSnapshot: unknown;

  it('starts a new data directory as a copy of the snapshot, and a restart loads nothing', async () => {
    const env = { ...SECRET, EMBEDDED_DATA_DIR: path.join(dir, 'seeded') };
    const first = await startServerProcess(env);
    try {
      expect(seededFrom(first)).toBeDefined();
      expect(logged(first, 'fixtures already loaded by this code: nothing to load')).toBe(true);
      expect(logged(first, 'fixtures loaded')).toBe(false);
      fromSnapshot = await gql(first, FINGERPRINT);
      // The snapshot holds the WAL segment its checkpoint is in (and at most the next, should the
      // shutdown have crossed into it), not the segments PostgreSQL recycled ahead (decision 2020).
      const walDir = path.resolve(__dirname, '../../dist/fixture-snapshot', seededFrom(first) ?? '', 'pgdata/pg_wal');
      const segments = fs.readdirSync(walDir).filter((name) => WAL_SEGMENT.test(name));
      expect(segments.length).toBeGreaterThan(0);
      expect(segments.length).toBeLessThanOrEqual(2);
      expect((fromSnapshot as { accountabilityOverview: { totalCount: number } }).accountabilityOverview.totalCount).toBe(342);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await startServerProcess(env);
    try {
      expect(seededFrom(second)).toBeUndefined();
      expect(logged(second, 'fixtures already loaded by this code: nothing to load')).toBe(true);
      expect(logged(second, 'fixtures loaded')).toBe(false);
      expect(await gql(second, FINGERPRINT)).toEqual(fromSnapshot);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });

  it('starts an in-memory database (--ephemeral) from the snapshot too', async () => {
    const server = await startServerProcess(SECRET, ['--ephemeral']);
    try {
      expect(server.output()).toContain('"dataDir":"memory"');
      expect(seededFrom(server)).toBeDefined();
      expect(logged(server, 'fixtures loaded')).toBe(false);
      expect(await gql(server, FINGERPRINT)).toEqual(fromSnapshot);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  /**
   * A server on the real PostgreSQL that found the fixtures loaded in place, through the services,
   * as `npm start` loads them into any new database: a clone of the browser project's template when
   * this run has one (filled by exactly that start, test/helpers/browser-setup.ts), else a new
   * database it fills itself.
   */
  async function startLoadedInPlace(): Promise<{ server: ServerProcess; cloned: boolean; drop: () => Promise<void> }> {
    const template = process.env[BROWSER_TEMPLATE_ENV];
    const database =
      template === undefined ? `ife_snapshot_in_place_${process.pid}` : `${template}_${crypto.randomBytes(3).toString('hex')}`;
    if (template !== undefined) {
      await waitForTemplate(template);
    }
    const admin = new Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
    await admin.query(template === undefined ? `CREATE DATABASE "${database}"` : `CREATE DATABASE "${database}" TEMPLATE "${template}"`);
    await admin.end();
    const server = await startServerProcess({ ...SECRET, DATABASE_URL: urlForDatabase(database), LOG_LEVEL: 'info' });
    return {
      server,
      cloned: template !== undefined,
      drop: async () => {
        const a = new Client({ connectionString: adminUrl() });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await a.end();
      },
    };
  }

  it('holds what the services write when they load a database in place', async () => {
    expect(fromSnapshot).toBeDefined();
    // No snapshot applies to a directory that already holds a database (the restart in the first
    // test was not seeded either): a database made without fixtures is loaded in place when it is
    // next started with them. That load is what the comparison below reads, done on the real
    // PostgreSQL, where it takes a third of the time (and a clone of the browser project's
    // template, when this run has one, costs nothing).
    expect(await fixtureSnapshotFor(path.join(dir, 'seeded'))).toBeUndefined();
    const { server: loaded, cloned, drop } = await startLoadedInPlace();
    try {
      expect(seededFrom(loaded)).toBeUndefined();
      // Loaded by this server, or by the start that filled the template it was cloned from.
      expect(logged(loaded, cloned ? 'fixtures already loaded by this code: nothing to load' : 'fixtures loaded')).toBe(true);
      expect(await gql(loaded, FINGERPRINT)).toEqual(fromSnapshot);
    } finally {
      expect(await loaded.stop()).toBe(0);
      await drop();
    }
  });

  it('stops cleanly on a SIGTERM sent the moment the banner is printed', async () => {
    const env = { ...SECRET, EMBEDDED_DATA_DIR: path.join(dir, 'seeded') };
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const server = await startServerProcess(env);
      expect(await server.stop()).toBe(0);
      expect(logged(server, 'stopped cleanly')).toBe(true);
    }
  });
});
