import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { createDataSource, initialise } from '../src/common/db/data-source';
import { systemContext } from '../src/fixtures';
import { money } from '../src/common/money/money';
import { Role } from '../src/common/auth/actor';
import { mintToken } from '../src/common/auth/tokens';
import { accounts, postTransactions, publishCheckpoint, type PostInput } from '../src/modules/ledger';
import { median, timed, type Benchmark, type Figure } from './harness';
import { BENCH_CHAIN_ENV } from './production-env';

/** `count` two-posting transactions from `start` on, deterministic, spread over all municipalities. */
function journal(start: number, count: number, codes: string[]): PostInput[] {
  return Array.from({ length: count }, (_, k) => {
    const i = start + k;
    const m = codes[i % codes.length] ?? 'GM0363';
    const amount = money(String(1 + ((i * 7919) % 9_999_999))).div(100);
    return {
      idempotencyKey: `export-bench-${i}`,
      kind: 'ADVANCE_TRANCHE',
      effectiveDate: `2026-${String(1 + (i % 12)).padStart(2, '0')}-15`,
      reason: i % 97 === 0 ? 'tranche, "quoted"; with a comma' : 'benchmark tranche',
      cause: { type: 'BENCH', id: String(i) },
      postings: [
        { account: accounts.advance(m, 'SPUK-WI2021', 2026), direction: 'DEBIT', amount },
        { account: accounts.bank(), direction: 'CREDIT', amount },
      ],
    };
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Peak and current resident set of a process, from /proc (Linux), in MiB. */
function rssOf(pid: number): { peak: number; now: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 'NaN');
  return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
}

/**
 * Starts the compiled server (`dist/src/main.js`) on the benchmark database, as `npm start` would;
 * waits for /healthz up to `waitSeconds` (a loaded machine starts it slowly), or until it exits.
 */
export async function startServer(databaseUrl: string, secret: string, waitSeconds = 600): Promise<{ proc: ChildProcess; base: string }> {
  const port = await freePort();
  const main = path.resolve(__dirname, '../src/main.js');
  const proc = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      ...BENCH_CHAIN_ENV,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: secret,
      LOAD_FIXTURES: 'false',
      LOG_LEVEL: 'error',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  let exited: number | null | undefined;
  proc.once('exit', (code) => (exited = code));
  // Until it answers or ends: a loaded machine starts it slowly, not wrongly (the wait only ends a hang).
  const giveUp = Date.now() + waitSeconds * 1000;
  while (exited === undefined && Date.now() < giveUp) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) {
        return { proc, base };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error(exited === undefined ? `server did not start in ${waitSeconds} s` : `server ended before it answered (exit ${exited})`);
}

/** Downloads the CSV, counting lines as they arrive (nothing kept). */
async function exportLines(base: string, token: string): Promise<number> {
  const res = await fetch(`${base}/exports/journal.csv`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200 || !res.body) {
    throw new Error(`export answered ${res.status}`);
  }
  let newlines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] === 10) {
        newlines++;
      }
    }
  }
  return newlines - 1; // the header
}

/** Rounds of each, timed, after one untimed warm-up of each. */
const ROUNDS = 3;

/**
 * The export against COPY TO of the same lines, in one server process: one untimed warm-up of each
 * (the first request in a new process runs cold and, right after the start, beside the chain
 * validator's compilation, decision 1840: 0.8–1.4 s more than a warm one on 2026-12-07), then
 * `ROUNDS` of each alternated, the medians kept; a single reading on the shared machine swings by
 * ±20 %. The server's peak RSS is over all its exports. Every count is checked against `lines`.
 */
async function exportAgainstCopy(
  databaseUrl: string,
  secret: string,
  token: string,
  lines: number,
): Promise<{ oursMs: number; copyMs: number; firstMs: number; peakMiB: number; idleMiB: number }> {
  const { proc, base } = await startServer(databaseUrl, secret);
  const checked = (what: string, n: number) => {
    if (n !== lines) {
      throw new Error(`${what} produced ${n} lines, expected ${lines}`);
    }
  };
  try {
    const idle = rssOf(proc.pid as number);
    const first = await timed(() => exportLines(base, token));
    checked('the export', first.result);
    checked('COPY TO', (await copyOut(databaseUrl)).lines);
    const ours: number[] = [];
    const copies: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const exported = await timed(() => exportLines(base, token));
      checked('the export', exported.result);
      ours.push(exported.ms);
      const copied = await copyOut(databaseUrl);
      checked('COPY TO', copied.lines);
      copies.push(copied.ms);
    }
    return { oursMs: median(ours), copyMs: median(copies), firstMs: first.ms, peakMiB: rssOf(proc.pid as number).peak, idleMiB: idle.now };
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
  }
}

/** The physical limit: PostgreSQL writing the same lines (same join and order) as CSV by COPY TO. */
async function copyOut(databaseUrl: string): Promise<{ ms: number; lines: number }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await timed(async () => {
      const stream = client.query(
        copyTo(`COPY (SELECT t.id, t.sequence, t.effective_date, to_char(t.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                       t.kind, t.reason, t.cause_type, t.cause_id, t.hash, p.line, a.address, p.direction, p.amount
                  FROM journal_transactions t JOIN journal_postings p ON p.transaction_id = t.id JOIN ledger_accounts a ON a.id = p.account_id
                 ORDER BY t.sequence, p.line) TO STDOUT WITH (FORMAT csv)`),
      );
      let newlines = 0;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        for (let i = 0; i < chunk.length; i++) {
          if (chunk[i] === 10) {
            newlines++;
          }
        }
      }
      return newlines;
    });
    return { ms: r.ms, lines: r.result };
  } finally {
    await client.end();
  }
}

/**
 * GET /exports/journal.csv over 250k and 1M journal lines, served by the compiled server in its own
 * process (so its peak RSS is the export's), against COPY TO of the same lines, each the median of
 * three alternated after one warm-up (`exportAgainstCopy`). Memory is flat in
 * the number of lines when the two peaks are the same within noise.
 */
export const exportBenchmark: Benchmark = {
  name: 'export',
  async run({ databaseUrl, quick }): Promise<Figure[]> {
    const sizes = quick ? [25_000, 100_000] : [250_000, 1_000_000];
    const batch = 5000;
    const secret = crypto.randomBytes(32).toString('base64url');
    const token = await mintToken(secret, { subject: 'bench-auditor', role: Role.AUDITOR, municipalityCode: null, expiresIn: '2h' });
    const ds = createDataSource({ url: databaseUrl, poolSize: 2 });
    await initialise(ds);
    const figures: Figure[] = [];
    const peaks: number[] = [];
    try {
      const ctx = systemContext(ds);
      const codes = (await ds.query<{ code: string }[]>(`SELECT code FROM municipalities ORDER BY code`)).map((r) => r.code);
      let transactions = 0;
      for (const lines of sizes) {
        const build = await timed(async () => {
          while (transactions * 2 < lines) {
            const count = Math.min(batch, lines / 2 - transactions);
            await postTransactions(ctx, journal(transactions, count, codes));
            transactions += count;
          }
        });
        await ds.query('VACUUM ANALYZE journal_transactions, journal_postings, ledger_accounts');
        // Every export publishes a checkpoint verified from the last one (decision 1701); in service
        // the daily one exists, so the export verifies only what is new. The same here: one after
        // the fill, timed apart, so the export's figure is the export.
        const checkpoint = await timed(() => publishCheckpoint(ctx, 'MANUAL'));
        const ours = await exportAgainstCopy(databaseUrl, secret, token, lines);
        peaks.push(ours.peakMiB);
        figures.push({
          name: `journal CSV export (GET /exports/journal.csv), ${lines} lines`,
          value: lines / (ours.oursMs / 1000),
          unit: 'lines/s',
          baseline: { name: 'COPY (same join) TO STDOUT CSV', value: lines / (ours.copyMs / 1000), unit: 'lines/s' },
          ratio: ours.copyMs / ours.oursMs,
          ratioMeaning: `ours / COPY TO (medians of ${ROUNDS} alternated, after one warm-up of each)`,
          dataSize: `${lines} journal lines (${lines / 2} transactions) over ${codes.length} municipalities`,
          notes: `the first export of the new server process (not counted: cold, and right after the start, beside the chain validator's warm-up of decision 1840) took ${(ours.firstMs / 1000).toFixed(2)} s against the median's ${(ours.oursMs / 1000).toFixed(2)} s; server peak RSS ${ours.peakMiB.toFixed(1)} MiB (idle after start ${ours.idleMiB.toFixed(1)} MiB); data built through postTransactions in batches of ${batch} in ${(build.ms / 1000).toFixed(1)} s; a checkpoint published after the fill (verifying the new lines) in ${(checkpoint.ms / 1000).toFixed(1)} s, not counted`,
        });
      }
      const [small, large] = peaks;
      if (small !== undefined && large !== undefined) {
        figures.push({
          name: `export server peak RSS at ${sizes[1]} lines`,
          value: large,
          unit: 'MiB',
          baseline: { name: `peak RSS at ${sizes[0]} lines`, value: small, unit: 'MiB' },
          ratio: large / small,
          ratioMeaning: 'peak at 4× the lines / peak (1.0 = flat)',
          dataSize: `${sizes[0]} and ${sizes[1]} journal lines`,
        });
      }
    } finally {
      await ds.destroy();
    }
    return figures;
  },
};
