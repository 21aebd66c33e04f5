import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { escapeLiteral, type PoolClient } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { RequestContext } from '../../context';
import { municipalityScope, visiblePostingMunicipalities } from '../../common/auth/scope';
import type { JournalExportFilter } from './ledger.snapshot';
import { CopyCsvRows } from './copy-csv-rows';

export const JOURNAL_CSV_HEADER =
  'transaction_id,sequence,effective_date,recorded_at,kind,reason,cause_type,cause_id,hash,line,account,direction,amount\r\n';

const lit = (v: string | null | undefined): string => (v === null || v === undefined ? 'NULL' : escapeLiteral(v));

/**
 * The scoped journal lines as one `COPY (SELECT …) TO STDOUT CSV` (COPY takes no parameters: every
 * value is a quoted literal). The same filter and scoping as `journalBatches`: transactions touching
 * the municipality or scheme(-year), inside them only the postings the caller may see. Empty text
 * is written as null (unquoted, as the RFC 4180 writer did); the timestamp in ISO 8601 UTC with ms.
 */
export function journalCsvCopySql(filter: JournalExportFilter, visible: string[] | null): string {
  const year = filter.year === null || filter.year === undefined ? 'NULL' : String(Math.trunc(filter.year));
  const m = lit(filter.municipalityCode);
  const s = lit(filter.schemeCode);
  const visibleArray = visible === null ? 'NULL' : `ARRAY[${visible.map(lit).join(',')}]::text[]`;
  return `COPY (
    SELECT t.id, t.sequence, to_char(t.effective_date, 'YYYY-MM-DD'),
           to_char(t.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           t.kind, NULLIF(t.reason, ''), NULLIF(t.cause_type, ''), NULLIF(t.cause_id, ''), t.hash,
           p.line, a.address, p.direction, p.amount
      FROM journal_transactions t
      JOIN journal_postings p ON p.transaction_id = t.id
      JOIN ledger_accounts a ON a.id = p.account_id
     WHERE (${lit(filter.from)}::date IS NULL OR t.effective_date >= ${lit(filter.from)}::date)
       AND (${lit(filter.to)}::date IS NULL OR t.effective_date <= ${lit(filter.to)}::date)
       AND (${m}::text IS NULL AND ${s}::text IS NULL OR EXISTS (
             SELECT 1 FROM journal_postings p2 JOIN ledger_accounts a2 ON a2.id = p2.account_id
              WHERE p2.transaction_id = t.id
                AND (${m}::text IS NULL OR a2.municipality_code = ${m}::text)
                AND (${s}::text IS NULL OR (a2.scheme_code = ${s}::text AND (${year}::int IS NULL OR a2.year IS NULL OR a2.year = ${year}::int)))))
       AND (${visibleArray} IS NULL OR a.municipality_code IS NULL OR a.municipality_code = ANY(${visibleArray}))
     ORDER BY t.sequence, p.line
  ) TO STDOUT WITH (FORMAT csv)`;
}

/**
 * Streams the journal as CSV (header, then one row per visible journal line in chain order) into
 * `out`: PostgreSQL writes the rows (COPY TO, one snapshot, no rows in Node's memory); Node only
 * copies each row's bytes out of its protocol message with CRLF as its end (`CopyCsvRows`, one pass,
 * no quote scanning), with backpressure end to end. Scoped like `journalBatches`: a refusal
 * (a controller asking for another municipality) is thrown by this function itself, before anything
 * is written, so the caller can still answer 403.
 */
export function journalCsvStream(ctx: RequestContext, requested: JournalExportFilter): (out: Writable) => Promise<void> {
  const scope = municipalityScope(ctx, requested.municipalityCode ? [requested.municipalityCode] : null);
  const visible = visiblePostingMunicipalities(ctx);
  const sql = journalCsvCopySql({ ...requested, municipalityCode: scope?.[0] ?? null }, visible);
  return async (out: Writable) => {
    const driver = ctx.dataSource.driver as PostgresDriver;
    const [client, release] = (await driver.obtainMasterConnection()) as [PoolClient, (error?: unknown) => void];
    let failed: unknown;
    try {
      out.write(JOURNAL_CSV_HEADER);
      await pipeline(client.query(new CopyCsvRows(sql)), out);
    } catch (error) {
      failed = error;
      throw error;
    } finally {
      // A broken COPY leaves the connection in an unknown state: the pool discards it.
      release(failed);
    }
  };
}
