import { createTestApp, type TestApp } from '../helpers/test-app';
import { runCommand } from '../../src/common/db/run-command';
import { CommitOutcomeUnknown } from '../../src/common/db/connection-loss';
import { formatError } from '../../src/common/graphql/format-error';

/**
 * runCommand and a connection the database drops (decision 1100), made deterministic: the work
 * terminates its own backend, before COMMIT (a statement) or during it (a deferred trigger).
 */
describe('runCommand on a lost connection', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 3 });
    await t.dataSource.query(`CREATE TABLE conn_probe (id serial primary key, attempt int not null)`);
    await t.dataSource.query(`CREATE TABLE commit_probe (id int primary key)`);
    // Fires at COMMIT and kills its own backend: the client cannot know whether COMMIT happened.
    await t.dataSource.query(`CREATE FUNCTION die_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$`);
    await t.dataSource.query(`CREATE CONSTRAINT TRIGGER commit_probe_dies AFTER INSERT ON commit_probe
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION die_at_commit()`);
  });
  afterAll(() => t.close());

  it('re-runs the whole command on a fresh connection when the connection is lost before COMMIT', async () => {
    let calls = 0;
    const result = await runCommand(t.ctx(), async (tx) => {
      calls += 1;
      await tx.em.query(`INSERT INTO conn_probe (attempt) VALUES ($1)`, [calls]);
      if (calls === 1) {
        await tx.em.query(`SELECT pg_terminate_backend(pg_backend_pid())`);
      }
      return calls;
    });
    expect(result).toBe(2);
    // The first attempt's row went down with its connection; the second committed once.
    expect(await t.dataSource.query(`SELECT attempt FROM conn_probe`)).toEqual([{ attempt: 2 }]);
  });

  it('never re-runs a command whose connection broke during COMMIT, and answers it retryable with the outcome unknown', async () => {
    let calls = 0;
    const failure = await runCommand(t.ctx(), async (tx) => {
      calls += 1;
      await tx.em.query(`INSERT INTO commit_probe VALUES ($1)`, [calls]);
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CommitOutcomeUnknown);
    expect(calls).toBe(1);
    expect(formatError({ message: 'x' }, failure).extensions).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      retryable: true,
      reason: 'COMMIT_OUTCOME_UNKNOWN',
    });
    // The pool discarded the broken connection: the next command works.
    await expect(runCommand(t.ctx(), (tx) => tx.em.query(`SELECT 1 AS one`))).resolves.toEqual([{ one: 1 }]);
  });

  it('gives up after the bounded number of attempts and answers SERVICE_UNAVAILABLE, retryable, nothing changed', async () => {
    let calls = 0;
    const failure = await runCommand(
      t.ctx(),
      async (tx) => {
        calls += 1;
        await tx.em.query(`INSERT INTO conn_probe (attempt) VALUES (100)`);
        await tx.em.query(`SELECT pg_terminate_backend(pg_backend_pid())`);
      },
      { maxAttempts: 3 },
    ).catch((error: unknown) => error);
    expect(calls).toBe(3);
    expect(formatError({ message: 'x' }, failure).extensions).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      retryable: true,
      reason: 'CONNECTION_LOST',
    });
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM conn_probe WHERE attempt = 100`)).toEqual([{ n: 0 }]);
  });
});
