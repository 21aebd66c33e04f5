import { parse } from 'csv-parse/sync';
import type { LineError } from './person-event.record';

export interface EventFile {
  events: Record<string, unknown>[];
  /** The file line of each event (1-based; a CSV header is line 1). */
  lines: number[];
  /** Lines that could not even be read (bad JSON, ragged CSV). */
  errors: LineError[];
}

/**
 * Reads CSV (header row with the field names, empty cell = absent) or NDJSON (one JSON object per
 * line, blank lines skipped). Format by file extension. Pure apart from the text given.
 */
export function readEventFile(fileName: string, text: string): EventFile {
  const out: EventFile = { events: [], lines: [], errors: [] };
  if (/\.(ndjson|jsonl)$/i.test(fileName)) {
    text.split(/\r?\n/).forEach((raw, i) => {
      if (raw.trim() === '') {
        return;
      }
      try {
        const value: unknown = JSON.parse(raw);
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          throw new Error('not an object');
        }
        out.events.push(value as Record<string, unknown>);
        out.lines.push(i + 1);
      } catch (error) {
        out.errors.push({ line: i + 1, field: '', code: 'BAD_LINE', reason: `not a JSON object: ${(error as Error).message}` });
      }
    });
    return out;
  }
  if (/\.csv$/i.test(fileName)) {
    const records: { record: Record<string, string>; info: { lines: number; invalid_field_length: number } }[] = parse(text, {
      columns: true,
      skip_empty_lines: true,
      info: true,
      relax_column_count: true,
      trim: true,
    });
    for (const { record, info } of records) {
      if (info.invalid_field_length > 0) {
        out.errors.push({ line: info.lines, field: '', code: 'BAD_LINE', reason: 'wrong number of columns' });
        continue;
      }
      out.events.push(Object.fromEntries(Object.entries(record).filter(([, v]) => v !== '')));
      out.lines.push(info.lines);
    }
    return out;
  }
  throw new Error(`${fileName}: use a .csv or .ndjson file`);
}
