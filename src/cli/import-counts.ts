import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { RawCountRow, RowProblem } from '../modules/counts';
import { sha256Hex } from '../common/hashing/canonical';
import { BatchRefused, type CliTarget } from './cli-target';

/** Columns of a counts file (docs/import-formats.md); the header must name exactly these. */
export const COUNT_COLUMNS = [
  'municipality_code',
  'period_type',
  'period_start',
  'period_end',
  'category',
  'route',
  'basis',
  'rule',
  'source',
  'value',
] as const;

export interface ImportReport {
  ok: boolean;
  batchKey: string;
  rows: number;
  replayed?: boolean;
  problems: RowProblem[];
}

/**
 * Imports a counts CSV as one batch (all or nothing) through `target`: the running server's
 * `importCounts` mutation, or the same service on a database the CLI holds (same validation either
 * way). Line numbers are file lines: the header is line 1, the first data row line 2.
 */
export async function importCountsFile(target: CliTarget, file: string, batchKey?: string): Promise<ImportReport> {
  const text = fs.readFileSync(file, 'utf8');
  const key = batchKey ?? `file:${sha256Hex(text)}`;
  let records: { line: number; values: Record<string, string> }[];
  try {
    const parsed = parse<Record<string, string>>(text, { columns: true, skip_empty_lines: true, trim: true, info: true, bom: true });
    records = (parsed as unknown as { record: Record<string, string>; info: { lines: number } }[]).map((p) => ({
      line: p.info.lines,
      values: p.record,
    }));
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    return { ok: false, batchKey: key, rows: 0, problems: [{ line, field: 'file', reason: (error as Error).message }] };
  }
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const columns = header.split(',').map((c) => c.trim());
  const missing = COUNT_COLUMNS.filter((c) => !columns.includes(c));
  const unknown = columns.filter((c) => !(COUNT_COLUMNS as readonly string[]).includes(c));
  if (missing.length > 0 || unknown.length > 0) {
    return {
      ok: false,
      batchKey: key,
      rows: 0,
      problems: [
        {
          line: 1,
          field: 'header',
          reason: `missing columns: ${missing.join(', ') || '-'}; unknown columns: ${unknown.join(', ') || '-'}`,
        },
      ],
    };
  }
  const rows: RawCountRow[] = records.map(({ values: v }) => ({
    municipalityCode: v.municipality_code,
    periodType: v.period_type,
    periodStart: v.period_start,
    periodEnd: v.period_end,
    category: v.category,
    route: v.route,
    basis: v.basis,
    rule: v.rule,
    source: v.source,
    value: v.value,
  }));
  try {
    const batch = await target.importCounts(key, rows);
    return { ok: true, batchKey: key, rows: batch.rowCount, replayed: batch.replayed, problems: [] };
  } catch (error) {
    if (error instanceof BatchRefused) {
      // The batch's 1-based positions back to the file's lines.
      const problems = error.problems.map((p) => ({ line: records[p.index - 1]?.line ?? 0, field: p.field, reason: p.reason }));
      return { ok: false, batchKey: key, rows: rows.length, problems };
    }
    throw error;
  }
}
