import type { NumberLocale } from '../format';

/** One column of a CSV download: its heading, and whether its values are decimal strings. */
export interface CsvColumn<T> {
  header: string;
  numeric: boolean;
  value: (row: T) => string;
}

/**
 * The records of a CSV download of a table as shown (its rows already filtered and sorted): the
 * headings, then one record per row. Numbers stay exact and ungrouped, with the decimal separator
 * of the interface language, so a spreadsheet in that language reads them as numbers: "1234567,50"
 * in Dutch, "1234567.50" in English (decision 1050). Text that starts like a formula is prefixed
 * with an apostrophe.
 */
export function csvRecords<T>(columns: readonly CsvColumn<T>[], rows: readonly T[], locale: NumberLocale): string[][] {
  return [
    columns.map((c) => c.header),
    ...rows.map((row) =>
      columns.map((c) => {
        const v = c.value(row);
        if (c.numeric && /^-?\d+(\.\d+)?$/.test(v)) {
          return locale === 'nl' ? v.replace('.', ',') : v;
        }
        // A text that a spreadsheet would run as a formula is kept as text (OWASP "CSV injection").
        return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
      }),
    ),
  ];
}

/** The field separator that goes with the decimal separator: ";" in Dutch (as Dutch Excel expects), "," in English. */
export function csvDelimiter(locale: NumberLocale): string {
  return locale === 'nl' ? ';' : ',';
}
