import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { copyOutBytes } from '../../src/modules/ledger/copy-out';
import { CopyInPipelined, type CopyIn } from '../../src/modules/ledger/copy-in';
import { isConnectionLost } from '../../src/common/db/connection-loss';

/** The same COPY through pg-copy-streams (what the readers used before decision 1930). */
function viaStream(client: Client, sql: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const stream = client.query(copyTo(sql));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

// Several MB over many socket chunks, with text COPY escapes, nulls and non-ASCII.
const BIG = `COPY (SELECT g, md5(g::text), CASE WHEN g % 7 = 0 THEN NULL ELSE E'tab\\there café 🙂 \\\\ ' || repeat('x', g % 300) END
  FROM generate_series(1, 60000) g) TO STDOUT`;

/** Decision 1930: the snapshot readers gather COPY TO output straight from the socket. */
describe('COPY TO gathered from the socket', () => {
  let t: TestApp;
  let client: Client;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 2 });
    client = new Client({ connectionString: t.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await t.close();
  });

  it('gives the bytes pg-copy-streams gives, and the connection answers after it', async () => {
    const expected = await viaStream(client, BIG);
    expect(expected.length).toBeGreaterThan(5_000_000);
    expect((await copyOutBytes(client, BIG)).equals(expected)).toBe(true);
    expect((await copyOutBytes(client, BIG, 16)).equals(expected)).toBe(true);
    expect((await copyOutBytes(client, 'COPY (SELECT 1 WHERE false) TO STDOUT')).length).toBe(0);
    expect((await client.query('SELECT 41 + 1 AS n')).rows).toEqual([{ n: 42 }]);
  });

  it('rejects with the error of a COPY that fails midway, and the connection answers after it', async () => {
    await expect(
      copyOutBytes(
        client,
        `COPY (SELECT CASE WHEN g < 50000 THEN repeat('y', 100) ELSE (1 / 0)::text END FROM generate_series(1, 60000) g) TO STDOUT`,
      ),
    ).rejects.toThrow('division by zero');
    await expect(copyOutBytes(client, 'COPY (SELECT * FROM no_such_table) TO STDOUT')).rejects.toThrow('no_such_table');
    expect((await client.query('SELECT 41 + 1 AS n')).rows).toEqual([{ n: 42 }]);
    expect((await copyOutBytes(client, 'COPY (SELECT 7) TO STDOUT')).toString()).toBe('7\n');
  });
});

/** Rows of `COPY … FROM STDIN` text, in chunks of `size` rows. */
function* textRows(n: number, size: number, line: (i: number) => string): Generator<string> {
  let chunk = '';
  for (let i = 1; i <= n; i += 1) {
    chunk += line(i);
    if (i % size === 0 || i === n) {
      yield chunk;
      chunk = '';
    }
  }
}

/** Decision 1990: the ledger's two COPY FROM go out as one query, each one's data right behind it. */
describe('COPY FROM pipelined', () => {
  let t: TestApp;
  let client: Client;
  const counts = async () =>
    (
      await client.query<{ a: number; b: number }>(
        'SELECT (SELECT count(*)::int FROM pipe_a) AS a, (SELECT count(*)::int FROM pipe_b) AS b',
      )
    ).rows[0];
  const run = (copies: CopyIn[]) => {
    const copy = new CopyInPipelined(copies);
    client.query(copy);
    return copy.result;
  };
  const A = 'COPY pipe_a (id, note) FROM STDIN';
  const B = 'COPY pipe_b (a_id, amount) FROM STDIN';
  // Several MB for A, far more than a socket's buffer, with escapes and non-ASCII.
  const aRows = (n: number) => textRows(n, 50, (i) => `${i}\ttab\\there café 🙂 ${'x'.repeat(i % 300)}\n`);
  const bRows = (n: number, bad?: number) => textRows(n, 50, (i) => `${i}\t${i === bad ? 'not-a-number' : `${i}.25`}\n`);

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 2 });
    client = new Client({ connectionString: t.url });
    await client.connect();
    await client.query(`CREATE TABLE pipe_a (id int PRIMARY KEY, note text NOT NULL);
      CREATE TABLE pipe_b (a_id int NOT NULL REFERENCES pipe_a (id), amount numeric(12, 2) NOT NULL)`);
  });
  afterAll(async () => {
    await client.end();
    await t.close();
  });
  afterEach(async () => {
    await client.query('TRUNCATE pipe_b, pipe_a');
  });

  it('writes both tables in one query and gives each row count; the second sees the first (its references hold)', async () => {
    await client.query('BEGIN');
    expect(
      await run([
        { statement: A, chunks: aRows(40_000) },
        { statement: B, chunks: bRows(40_000) },
      ]),
    ).toEqual([40_000, 40_000]);
    await client.query('COMMIT');
    expect(await counts()).toEqual({ a: 40_000, b: 40_000 });
    // sum(i + 0.25) for i = 1 … 40,000: 800,020,000 + 10,000.
    const { rows } = await client.query(`SELECT note, (SELECT sum(amount)::text FROM pipe_b) AS total FROM pipe_a WHERE id = 299`);
    expect(rows).toEqual([{ note: `tab\there café 🙂 ${'x'.repeat(299)}`, total: '800030000.00' }]);
    expect(await run([{ statement: A, chunks: [] }])).toEqual([0]);
  });

  it('a row the first COPY refuses: its error, the second COPY and its data dropped, the connection in step after it', async () => {
    await client.query('INSERT INTO pipe_a VALUES (20000, $1)', ['already there']);
    await client.query('BEGIN');
    await expect(
      run([
        { statement: A, chunks: aRows(40_000) },
        { statement: B, chunks: bRows(40_000) },
      ]),
    ).rejects.toMatchObject({
      code: '23505',
    });
    await expect(client.query('SELECT 1')).rejects.toThrow('current transaction is aborted');
    await client.query('ROLLBACK');
    expect(await counts()).toEqual({ a: 1, b: 0 });
    expect((await client.query('SELECT 41 + 1 AS n')).rows).toEqual([{ n: 42 }]);
  });

  it('a row the second COPY refuses: its error, and nothing of either stays after the rollback', async () => {
    await client.query('BEGIN');
    await expect(
      run([
        { statement: A, chunks: aRows(5_000) },
        { statement: B, chunks: bRows(5_000, 4_321) },
      ]),
    ).rejects.toThrow('invalid input syntax for type numeric');
    await client.query('ROLLBACK');
    expect(await counts()).toEqual({ a: 0, b: 0 });
  });

  it('a chunk that cannot be made fails the COPY under way with that error (CopyFail), in the first COPY or the second', async () => {
    function* failingAfter(rows: Iterable<string>, chunks: number): Generator<string> {
      let k = 0;
      for (const chunk of rows) {
        if (k === chunks) {
          throw new Error('cannot hash row');
        }
        k += 1;
        yield chunk;
      }
    }
    for (const [first, second] of [
      [failingAfter(aRows(5_000), 30), bRows(5_000)],
      [aRows(5_000), failingAfter(bRows(5_000), 30)],
      [failingAfter(aRows(5_000), 0), bRows(5_000)],
    ] as const) {
      await client.query('BEGIN');
      const failed = run([
        { statement: A, chunks: first },
        { statement: B, chunks: second },
      ]);
      await expect(failed).rejects.toThrow('cannot hash row');
      await client.query('ROLLBACK');
      expect(await counts()).toEqual({ a: 0, b: 0 });
    }
    expect((await client.query('SELECT 41 + 1 AS n')).rows).toEqual([{ n: 42 }]);
  });

  it('a connection lost while the data is still being written: the result rejects, the writing stops', async () => {
    const doomed = new Client({ connectionString: t.url });
    await doomed.connect();
    doomed.on('error', () => {}); // the pool's clients have a listener; this one is the test's own
    const [{ pid }] = (await doomed.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
    // 2,000 chunks of 100 kB each, far more than the server takes before the termination lands.
    let made = 0;
    let termination: Promise<unknown> | undefined;
    function* untilTerminated(): Generator<string> {
      for (let k = 0; k < 2_000; k += 1) {
        made += 1;
        if (k === 10) {
          termination = client.query('SELECT pg_terminate_backend($1)', [pid]);
        }
        yield Array.from({ length: 50 }, (_, i) => `${k * 50 + i}\t${'z'.repeat(2_000)}\n`).join('');
      }
    }
    await doomed.query('BEGIN');
    const copy = new CopyInPipelined([{ statement: A, chunks: untilTerminated() }]);
    doomed.query(copy);
    // Whichever comes first (the server's 57P01, the socket's reset): an error runCommand knows as a
    // lost connection, so the command is run again on another one.
    const lost = await copy.result.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isConnectionLost(lost)).toBe(true);
    expect(await termination).toMatchObject({ rows: [{ pg_terminate_backend: true }] });
    // The writing stopped when the connection went, long before the data ran out.
    expect(made).toBeLessThan(2_000);
    await doomed.end().catch(() => {});
    expect(await counts()).toEqual({ a: 0, b: 0 });
  });

  it('a statement that is no COPY at all is refused before anything is written', async () => {
    await expect(run([{ statement: 'COPY no_such_table FROM STDIN', chunks: aRows(100) }])).rejects.toThrow('no_such_table');
    expect((await client.query('SELECT 41 + 1 AS n')).rows).toEqual([{ n: 42 }]);
    expect(await counts()).toEqual({ a: 0, b: 0 });
  });
});
