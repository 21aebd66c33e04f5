import { Client } from 'pg';

/** Wall time per kind of SQL statement while `fn` runs (its statements must run one after the other). */
export async function profileQueries<T>(
  label: (sql: string) => string,
  fn: () => Promise<T>,
): Promise<{ result: T; wallMs: number; byLabel: Map<string, { count: number; ms: number }> }> {
  const byLabel = new Map<string, { count: number; ms: number }>();
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: Client, ...args: unknown[]) {
    const q = args[0] as string | { text?: string; copies?: readonly { statement: string }[] } | undefined;
    // A pipelined COPY (CopyInPipelined, decision 1990) is a Submittable with its statements in `copies`.
    const text = typeof q === 'string' ? q : (q?.text ?? q?.copies?.map((c) => c.statement).join(';\n') ?? '');
    const started = process.hrtime.bigint();
    const out = original.apply(this, args);
    const done = () => {
      const key = label(text);
      const entry = byLabel.get(key) ?? { count: 0, ms: 0 };
      entry.count += 1;
      entry.ms += Number(process.hrtime.bigint() - started) / 1e6;
      byLabel.set(key, entry);
    };
    const settles = (out as { result?: unknown } | null)?.result;
    if (out instanceof Promise) {
      out.then(done, done);
    } else if (settles instanceof Promise) {
      // A Submittable with a `result` (CopyInPipelined): from the query's start until the server is ready again.
      settles.then(done, done);
    } else if (out !== null && typeof out === 'object' && typeof (out as { once?: unknown }).once === 'function') {
      // A COPY FROM stream (pg-copy-streams): from the statement's start until the server's answer.
      let once = false;
      const end = () => {
        if (!once) {
          once = true;
          done();
        }
      };
      (out as NodeJS.EventEmitter).once('finish', end);
      (out as NodeJS.EventEmitter).once('error', end);
    }
    return out;
  };
  const started = process.hrtime.bigint();
  try {
    const result = await fn();
    return { result, wallMs: Number(process.hrtime.bigint() - started) / 1e6, byLabel };
  } finally {
    proto.query = original;
  }
}

/** The statements of one ledger append, by what they do. */
export function ledgerStatement(sql: string): string {
  const s = sql.replace(/\s+/g, ' ');
  if (/ledger_append_begin/.test(s)) {
    return 'lock, key lookup, accounts, head and clock (one call)';
  }
  if (/default_transaction_isolation/.test(s)) {
    return 'BEGIN';
  }
  if (/pg_advisory_xact_lock/.test(s)) {
    return 'chain lock (advisory)';
  }
  if (/FROM journal_transactions WHERE idempotency_key = ANY/.test(s)) {
    return 'idempotency lookup';
  }
  if (/WITH wanted AS/.test(s)) {
    return 'accounts (find or create)';
  }
  if (/clock_timestamp\(\)/.test(s)) {
    return 'chain head and clock';
  }
  if (/^ ?COPY journal_transactions.*; ?COPY journal_postings/.test(s)) {
    return 'both COPYs, pipelined (their statement triggers; rows made and hashed while they run)';
  }
  if (/^ ?COPY journal_transactions/.test(s)) {
    return 'COPY transactions (with its statement trigger; hashing overlapped)';
  }
  if (/^ ?COPY journal_postings/.test(s)) {
    return 'COPY postings (with its statement trigger: daily balances)';
  }
  if (/^ ?INSERT INTO journal_transactions/.test(s)) {
    return 'INSERT transactions (with its statement trigger)';
  }
  if (/^ ?INSERT INTO journal_postings/.test(s)) {
    return 'INSERT postings (with its statement trigger: daily balances)';
  }
  if (/^ ?COMMIT/i.test(s)) {
    return 'COMMIT (deferred balance check)';
  }
  if (/^ ?(BEGIN|START TRANSACTION|SET TRANSACTION)/i.test(s)) {
    return 'BEGIN';
  }
  return 'other statements';
}
