import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { PostInput } from '../src/modules/ledger';
import { timed } from './harness';

/**
 * The peer ledger: pgledger (github.com/pgr0ss/pgledger, MIT; its ULID helpers from
 * scoville-pgsql-ulid, BSD-3). Its code is not part of this repository: PGLEDGER_DIR names a
 * checkout (pgledger.sql and vendor/scoville-pgsql-ulid/*.sql), installed at bench time into a
 * scratch database of its own, and driven with the very same transfers as ours.
 */
export const PGLEDGER_FILES = [
  'vendor/scoville-pgsql-ulid/ulid-to-uuid.sql',
  'vendor/scoville-pgsql-ulid/uuid-to-ulid.sql',
  'pgledger.sql',
];

export interface PeerResult {
  ms: number;
  transfers: number;
  entries: number;
  accounts: number;
  commit: string | undefined;
}

/** Undefined when PGLEDGER_DIR is not set (the figure then says how to get it). */
export async function runPgledger(adminUrl: string, inputs: PostInput[], batch: number): Promise<PeerResult | undefined> {
  const dir = process.env.PGLEDGER_DIR;
  if (dir === undefined || dir === '') {
    return undefined;
  }
  const sql = PGLEDGER_FILES.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  const name = `ife_bench_pgledger_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = new Client({ connectionString: url.toString() });
  try {
    await client.connect();
    for (const text of sql) {
      await client.query(text);
    }
    // Each of our two-posting transactions is one pgledger transfer: from the credited account to the debited one.
    const legs = inputs.map((p) => {
      const debit = p.postings.find((q) => q.direction === 'DEBIT');
      const credit = p.postings.find((q) => q.direction === 'CREDIT');
      if (!debit || !credit || p.postings.length !== 2) {
        throw new Error('the pgledger peer takes two-posting transactions only');
      }
      return { from: credit.account, to: debit.account, amount: debit.amount.toFixed(2) };
    });
    const addresses = [...new Set(legs.flatMap((l) => [l.from, l.to]))].sort();
    const ids = new Map<string, string>();
    for (const a of addresses) {
      const r = await client.query<{ id: string }>(`SELECT id FROM pgledger_create_account($1, 'EUR')`, [a]);
      ids.set(a, r.rows[0]?.id as string);
    }
    const run = await timed(async () => {
      for (let i = 0; i < legs.length; i += batch) {
        const part = legs.slice(i, i + batch);
        // One round trip per batch, one database transaction, as ours.
        await client.query(
          `SELECT count(*) FROM pgledger_create_transfers(
             ARRAY(SELECT ROW(f, t, a)::transfer_request FROM unnest($1::text[], $2::text[], $3::numeric[]) WITH ORDINALITY AS u(f, t, a, o) ORDER BY o))`,
          [part.map((l) => ids.get(l.from)), part.map((l) => ids.get(l.to)), part.map((l) => l.amount)],
        );
      }
    });
    const [counted] = (
      await client.query<{ transfers: number; entries: number }>(
        `SELECT (SELECT count(*)::int FROM pgledger_transfers) AS transfers, (SELECT count(*)::int FROM pgledger_entries) AS entries`,
      )
    ).rows;
    return {
      ms: run.ms,
      transfers: counted?.transfers ?? 0,
      entries: counted?.entries ?? 0,
      accounts: addresses.length,
      commit: process.env.PGLEDGER_COMMIT,
    };
  } finally {
    await client.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}
