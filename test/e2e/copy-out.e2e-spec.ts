import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { copyOutBytes } from '../../src/modules/ledger/copy-out';

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
