import crypto from 'node:crypto';
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { RequestContext } from '../context';
import { DomainError } from '../common/errors/domain-error';
import { recordCounts, type RawCountRow, type RowProblem } from '../modules/counts';

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
 * Imports a counts CSV through the same service as the GraphQL mutation (same validation, all or
 * nothing). Line numbers are file lines: the header is line 1, the first data row line 2.
 */
export async function importCountsFile(ctx: RequestContext, file: string, batchKey?: string): Promise<ImportReport> {
  const text = fs.readFileSync(file, 'utf8');
  const key = batchKey ?? `file:${crypto.createHash('sha256').update(text).digest('hex')}`;
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
    const batch = await recordCounts(ctx, { batchKey: key, rows }, (index) => records[index]?.line ?? index + 2);
    return { ok: true, batchKey: key, rows: batch.rowCount, replayed: batch.replayed, problems: [] };
  } catch (error) {
    if (error instanceof DomainError) {
      const problems = (error.extensions.problems as RowProblem[] | undefined) ?? [
        { line: (error.extensions.line as number | undefined) ?? 0, field: String(error.extensions.field ?? ''), reason: error.message },
      ];
      return { ok: false, batchKey: key, rows: rows.length, problems };
    }
    throw error;
  }
}
