import { stringify } from 'csv-stringify/browser/esm/sync';
import type { NumberLocale } from '../format';
import { csvDelimiter } from './csvRecords';
import { saveBlob } from './download';

/** Hands the records to the browser as a UTF-8 CSV file (with a byte-order mark, so Excel reads "ë" and "€"). */
export function downloadCsv(records: string[][], fileName: string, locale: NumberLocale): void {
  const text = stringify(records, { delimiter: csvDelimiter(locale), record_delimiter: 'windows' });
  const url = URL.createObjectURL(new Blob(['\ufeff', text], { type: 'text/csv;charset=utf-8' }));
  saveBlob(url, fileName);
  // Let the download start before the URL is released.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
