import { PassThrough, Readable, Transform, type Writable } from 'node:stream';
import type archiverType from 'archiver';
import type { stringify as stringifyType } from 'csv-stringify';
import type ExcelJSType from 'exceljs';
import type { RequestContext } from '../../context';
import { createSha256 } from '../../common/hashing/canonical';
import {
  canonicalJson,
  type Difference,
  type FrozenInputs,
  type MunicipalityLine,
  type ReconciliationOutput,
} from './reconciliation.calculator';
import type { ReconciliationExportEntity, ReconciliationRunEntity } from './reconciliation.entity';

/**
 * Builds a reconciliation export as a zip streamed into `out` (docs/export-format.md): the section
 * files of the chosen format, inputs.json (the frozen inputs in canonical JSON: its SHA-256 is the
 * run's input hash) and, last, manifest.json with each file's SHA-256, byte size and row count.
 * Each file is hashed while it streams into the archive, so nothing is buffered whole; the
 * differences are read from the database in batches.
 */

export const MUNICIPALITY_COLUMNS = [
  'municipalityCode',
  'committedExpected',
  'committedActual',
  'advanceExpected',
  'advanceActual',
  'receivableExpected',
  'receivableActual',
  'differences',
] as const;
export const DIFFERENCE_COLUMNS = [
  'ordinal',
  'check',
  'municipalityCode',
  'account',
  'unit',
  'expected',
  'actual',
  'difference',
  'direction',
  'cause',
  'detail',
  'refs',
] as const;
export const SUMMARY_COLUMNS = ['item', 'value'] as const;
/** Columns holding decimals (written with a decimal comma in CSV_NL, as numbers in XLSX). */
export const DECIMAL_COLUMNS = new Set<string>([...MUNICIPALITY_COLUMNS.slice(1, 7), 'expected', 'actual', 'difference']);

export interface ManifestFile {
  name: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: 'reconciliation-export/1';
  exportFormat: string;
  exportId: string;
  runId: string;
  schemeCode: string;
  year: number;
  asOf: string;
  inputHash: string;
  outputHash: string;
  journalHeadHash: string;
  journalHeadSequence: string;
  exportedBy: string;
  exportedAt: string;
  files: ManifestFile[];
}

type Row = Record<string, string | number>;

function summaryRows(run: ReconciliationRunEntity, output: ReconciliationOutput): Row[] {
  const t = output.totals;
  const rows: Row[] = [
    { item: 'runId', value: run.id },
    { item: 'schemeCode', value: run.schemeCode },
    { item: 'year', value: run.year },
    { item: 'asOf', value: run.asOf.toISOString() },
    { item: 'inputHash', value: run.inputHash ?? '' },
    { item: 'outputHash', value: run.outputHash ?? '' },
    { item: 'journalHeadHash', value: run.journalHeadHash ?? '' },
    { item: 'journalHeadSequence', value: run.journalHeadSequence ?? '' },
    { item: 'municipalities', value: output.municipalities.length },
    { item: 'committedExpected', value: t.committedExpected },
    { item: 'committedActual', value: t.committedActual },
    { item: 'advanceExpected', value: t.advanceExpected },
    { item: 'advanceActual', value: t.advanceActual },
    { item: 'receivableExpected', value: t.receivableExpected },
    { item: 'receivableActual', value: t.receivableActual },
    { item: 'differences', value: t.differences },
  ];
  for (const cause of Object.keys(t.byCause).sort()) {
    rows.push({ item: `differences.${cause}`, value: t.byCause[cause] ?? 0 });
  }
  return rows;
}

const municipalityRow = (l: MunicipalityLine): Row => ({ ...l });
const differenceRow = (d: Difference, ordinal: number): Row => ({
  ordinal,
  check: d.check,
  municipalityCode: d.municipalityCode ?? '',
  account: d.account ?? '',
  unit: d.unit,
  expected: d.expected,
  actual: d.actual,
  difference: d.difference,
  direction: d.direction,
  cause: d.cause,
  detail: d.detail,
  refs: d.refs.join(' '),
});

/** Rows of the inputs sheet (XLSX): one row per frozen record, its section and canonical JSON. */
function* inputRows(inputs: FrozenInputs): Generator<Row> {
  yield { section: 'scheme', key: inputs.scheme.code, json: canonicalJson(inputs.scheme) };
  for (const r of inputs.allocationRuns) {
    yield { section: 'allocationRun', key: r.id, json: canonicalJson({ ...r, lines: undefined, lineCount: r.lines.length }) };
  }
  for (const r of inputs.reports) {
    yield { section: 'report', key: r.id, json: canonicalJson(r) };
  }
  for (const p of inputs.advances.payments) {
    yield { section: 'payment', key: `${p.municipalityCode}/${p.index}`, json: canonicalJson(p) };
  }
  for (const b of inputs.ledger.balances) {
    yield { section: 'balance', key: b.account, json: b.net };
  }
  yield { section: 'ledgerHead', key: inputs.ledger.headSequence, json: inputs.ledger.headHash };
}

/** A pass-through that hashes and counts what flows through it. */
function hashing(): { stream: Transform; result: () => { sha256: string; bytes: number } } {
  const hash = createSha256();
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  let digest: string | null = null;
  return {
    stream,
    result: () => {
      digest ??= hash.digest('hex');
      return { sha256: digest, bytes };
    },
  };
}

const nl = (v: string | number, column: string): string | number =>
  typeof v === 'string' && DECIMAL_COLUMNS.has(column) ? v.replace('.', ',') : v;

export interface ExportSource {
  run: ReconciliationRunEntity;
  exp: ReconciliationExportEntity;
  /** Differences in ordinal order, in batches (from the database). */
  differences: () => AsyncGenerator<Difference[]>;
}

/** Streams the zip of an export into `out`; resolves with the manifest once the archive is finished. */
export async function writeExport(source: ExportSource, out: Writable): Promise<Manifest> {
  // Loaded by the first export, not when the server starts (exceljs alone is some 400 modules,
  // decision 1840).
  /* eslint-disable @typescript-eslint/no-require-imports */
  const archiver = require('archiver') as typeof archiverType;
  const { stringify } = require('csv-stringify') as { stringify: typeof stringifyType };
  const ExcelJS = require('exceljs') as typeof ExcelJSType;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const { run, exp } = source;
  const output = run.output as ReconciliationOutput;
  const inputs = run.inputs as FrozenInputs;
  const archive = archiver('zip', { zlib: { level: 6 } });
  const finished = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('finish', resolve);
    out.on('error', reject);
    archive.on('error', reject);
  });
  archive.pipe(out);
  const files: { name: string; rows: () => number; h: ReturnType<typeof hashing>; ended: Promise<void> }[] = [];
  const add = (name: string, body: Readable, rows: () => number): void => {
    const h = hashing();
    const ended = new Promise<void>((resolve, reject) => {
      h.stream.on('end', resolve);
      h.stream.on('error', reject);
      body.on('error', reject);
    });
    archive.append(body.pipe(h.stream), { name });
    files.push({ name, rows, h, ended });
  };
  const differenceRows = async function* (): AsyncGenerator<Row> {
    let ordinal = 0;
    for await (const batch of source.differences()) {
      for (const d of batch) {
        ordinal += 1;
        yield differenceRow(d, ordinal);
      }
    }
  };

  if (exp.format === 'CSV' || exp.format === 'CSV_NL') {
    const dutch = exp.format === 'CSV_NL';
    const csv = (name: string, columns: readonly string[], rows: AsyncIterable<Row> | Iterable<Row>): void => {
      let n = 0;
      const counted = async function* (): AsyncGenerator<Row> {
        for await (const r of rows) {
          n += 1;
          yield dutch ? Object.fromEntries(Object.entries(r).map(([k, v]) => [k, nl(v, k)])) : r;
        }
      };
      // RFC 4180: CRLF line ends, a header row, quotes where needed.
      const stringifier = stringify({
        header: true,
        columns: [...columns],
        delimiter: dutch ? ';' : ',',
        record_delimiter: 'windows',
        bom: false,
      });
      add(name, Readable.from(counted()).pipe(stringifier), () => n);
    };
    csv('summary.csv', SUMMARY_COLUMNS, summaryRows(run, output));
    csv('municipalities.csv', MUNICIPALITY_COLUMNS, output.municipalities.map(municipalityRow));
    csv('differences.csv', DIFFERENCE_COLUMNS, differenceRows());
  } else if (exp.format === 'XLSX') {
    const body = new PassThrough();
    const counts = { rows: 0 };
    const writeBook = async (): Promise<void> => {
      const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: body, useStyles: true, useSharedStrings: false });
      const sheet = async (name: string, columns: readonly string[], rows: AsyncIterable<Row> | Iterable<Row>): Promise<void> => {
        const ws = book.addWorksheet(name);
        ws.columns = columns.map((c) => ({ header: c, key: c, width: 18, style: DECIMAL_COLUMNS.has(c) ? { numFmt: '0.00####' } : {} }));
        for await (const r of rows) {
          // Decimals become numeric cells so a spreadsheet can sum them; every amount has at most
          // 15 significant digits, so the double holds it exactly to the cent (decision 0503).
          ws.addRow(
            Object.fromEntries(Object.entries(r).map(([k, v]) => [k, DECIMAL_COLUMNS.has(k) && typeof v === 'string' ? Number(v) : v])),
          ).commit();
          counts.rows += 1;
        }
        ws.commit();
      };
      await sheet('summary', SUMMARY_COLUMNS, summaryRows(run, output));
      await sheet('municipalities', MUNICIPALITY_COLUMNS, output.municipalities.map(municipalityRow));
      await sheet('differences', DIFFERENCE_COLUMNS, differenceRows());
      await sheet('inputs', ['section', 'key', 'json'], inputRows(inputs));
      await book.commit();
    };
    add('reconciliation.xlsx', body, () => counts.rows);
    writeBook().catch((error: unknown) => body.destroy(error as Error));
  } else {
    let n = 0;
    const json = async function* (): AsyncGenerator<string> {
      yield `{"run":${canonicalJson({ id: run.id, schemeCode: run.schemeCode, year: run.year, asOf: run.asOf.toISOString(), inputHash: run.inputHash, outputHash: run.outputHash })}`;
      yield `,"totals":${canonicalJson(output.totals)},"municipalities":[`;
      let first = true;
      for (const l of output.municipalities) {
        yield `${first ? '' : ','}${canonicalJson(l)}`;
        first = false;
        n += 1;
      }
      yield '],"differences":[';
      first = true;
      for await (const r of differenceRows()) {
        yield `${first ? '' : ','}${canonicalJson(r)}`;
        first = false;
        n += 1;
      }
      yield ']}';
    };
    add('reconciliation.json', Readable.from(json()), () => n);
  }
  add('inputs.json', Readable.from([canonicalJson(inputs)]), () => 1);

  await Promise.all(files.map((f) => f.ended));
  const manifest: Manifest = {
    format: 'reconciliation-export/1',
    exportFormat: exp.format,
    exportId: exp.id,
    runId: run.id,
    schemeCode: run.schemeCode,
    year: run.year,
    asOf: run.asOf.toISOString(),
    inputHash: run.inputHash ?? '',
    outputHash: run.outputHash ?? '',
    journalHeadHash: run.journalHeadHash ?? '',
    journalHeadSequence: run.journalHeadSequence ?? '',
    exportedBy: exp.exportedBy,
    exportedAt: exp.exportedAt.toISOString(),
    files: files.map((f) => ({ name: f.name, rows: f.rows(), ...f.h.result() })),
  };
  archive.append(`${JSON.stringify(manifest, null, 2)}\n`, { name: 'manifest.json' });
  await archive.finalize();
  await finished;
  return manifest;
}

/** Differences of a run from the database, in ordinal order, in batches of 1000. */
export function differencesFromDb(ctx: RequestContext, runId: string): () => AsyncGenerator<Difference[]> {
  return async function* () {
    let after = 0;
    for (;;) {
      const rows: {
        ordinal: number;
        check_code: string;
        municipality_code: string | null;
        account: string | null;
        unit: string;
        expected: string;
        actual: string;
        difference: string;
        direction: string;
        cause: string;
        detail: string;
        refs: string[];
      }[] = await ctx.em.query(
        `SELECT ordinal, check_code, municipality_code, account, unit, expected::text, actual::text, difference::text, direction, cause, detail, refs
           FROM reconciliation_differences WHERE run_id = $1 AND ordinal > $2 ORDER BY ordinal LIMIT 1000`,
        [runId, after],
      );
      if (rows.length === 0) {
        return;
      }
      yield rows.map((r) => ({
        check: r.check_code as Difference['check'],
        municipalityCode: r.municipality_code,
        account: r.account,
        unit: r.unit as Difference['unit'],
        expected: r.expected,
        actual: r.actual,
        difference: r.difference,
        direction: r.direction as Difference['direction'],
        cause: r.cause as Difference['cause'],
        detail: r.detail,
        refs: r.refs,
      }));
      after = rows[rows.length - 1]!.ordinal;
    }
  };
}
