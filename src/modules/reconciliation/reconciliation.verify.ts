import fs from 'node:fs';
import path from 'node:path';
import type yauzlType from 'yauzl';
import { parse } from 'csv-parse/sync';
import type ExcelJSType from 'exceljs';
import { money, sum } from '../../common/money/money';
import { canonicalJson, hashOutput, reconcile, sha256Hex, type FrozenInputs, type ReconciliationOutput } from './reconciliation.calculator';
import { DECIMAL_COLUMNS, MUNICIPALITY_COLUMNS, type Manifest } from './reconciliation.export';

/**
 * Checks a downloaded export on its own (no database): every file's SHA-256, size and row count
 * against the manifest; inputs.json against the input hash; the output recomputed from inputs.json
 * against the output hash; the municipality rows against the totals; and every exported
 * difference against the recomputed ones. Returns the problems found (empty = verified).
 */
export async function verifyExport(target: string): Promise<string[]> {
  const files = fs.statSync(target).isDirectory() ? readDirectory(target) : await readZip(target);
  const problems: string[] = [];
  const manifestText = files.get('manifest.json');
  if (!manifestText) {
    return ['manifest.json is missing'];
  }
  const manifest = JSON.parse(manifestText.toString('utf8')) as Manifest;
  for (const f of manifest.files) {
    const body = files.get(f.name);
    if (!body) {
      problems.push(`${f.name}: listed in the manifest but missing`);
      continue;
    }
    const sha = sha256Hex(body);
    if (sha !== f.sha256) {
      problems.push(`${f.name}: SHA-256 ${sha} differs from the manifest's ${f.sha256}`);
    }
    if (body.length !== f.bytes) {
      problems.push(`${f.name}: ${body.length} bytes, the manifest says ${f.bytes}`);
    }
  }
  for (const name of files.keys()) {
    if (name !== 'manifest.json' && !manifest.files.some((f) => f.name === name)) {
      problems.push(`${name}: not listed in the manifest`);
    }
  }
  const inputsText = files.get('inputs.json')?.toString('utf8');
  if (inputsText === undefined) {
    return [...problems, 'inputs.json is missing'];
  }
  const inputs = JSON.parse(inputsText) as FrozenInputs;
  if (canonicalJson(inputs) !== inputsText) {
    problems.push('inputs.json is not in canonical form');
  }
  if (sha256Hex(inputsText) !== manifest.inputHash) {
    problems.push(`inputs.json hashes to ${sha256Hex(inputsText)}, the run's input hash is ${manifest.inputHash}`);
  }
  if (inputs.ledger.headHash !== manifest.journalHeadHash) {
    problems.push('the journal head hash of the inputs differs from the manifest');
  }
  const output = reconcile(inputs);
  if (hashOutput(output) !== manifest.outputHash) {
    problems.push(
      `the output recomputed from inputs.json hashes to ${hashOutput(output)}, the run's output hash is ${manifest.outputHash}`,
    );
  }
  let sections: Sections;
  try {
    sections = await readSections(manifest, files);
  } catch (error) {
    return [...problems, `the section files cannot be read: ${error instanceof Error ? error.message : String(error)}`];
  }
  problems.push(...compareSections(sections, output, manifest));
  return problems;
}

type Row = Record<string, string>;
interface Sections {
  /** Rows of sections the verifier does not compare (the XLSX inputs sheet), for the row count. */
  otherRows: number;
  summary: Row[];
  municipalities: Row[];
  differences: Row[];
}

async function readSections(manifest: Manifest, files: Map<string, Buffer>): Promise<Sections> {
  const text = (name: string) => files.get(name)?.toString('utf8') ?? '';
  if (manifest.exportFormat === 'CSV' || manifest.exportFormat === 'CSV_NL') {
    const dutch = manifest.exportFormat === 'CSV_NL';
    const read = (name: string): Row[] =>
      parse<Row>(text(name), { columns: true, delimiter: dutch ? ';' : ',', record_delimiter: '\r\n' }).map((r) =>
        dutch ? Object.fromEntries(Object.entries(r).map(([k, v]) => [k, DECIMAL_COLUMNS.has(k) ? v.replace(',', '.') : v])) : r,
      );
    return { otherRows: 0, summary: read('summary.csv'), municipalities: read('municipalities.csv'), differences: read('differences.csv') };
  }
  if (manifest.exportFormat === 'XLSX') {
    // Loaded here, not when the server starts (decision 1840).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ExcelJS = require('exceljs') as typeof ExcelJSType;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(files.get('reconciliation.xlsx') as unknown as ExcelJSType.Buffer);
    const read = (name: string): Row[] => {
      const ws = book.getWorksheet(name);
      if (!ws) {
        return [];
      }
      const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
      const rows: Row[] = [];
      ws.eachRow((row, n) => {
        if (n === 1) {
          return;
        }
        const values = (row.values as unknown[]).slice(1);
        rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] === undefined || values[i] === null ? '' : String(values[i])])));
      });
      return rows;
    };
    return {
      otherRows: read('inputs').length,
      summary: read('summary'),
      municipalities: read('municipalities'),
      differences: read('differences'),
    };
  }
  const doc = JSON.parse(text('reconciliation.json')) as {
    totals: ReconciliationOutput['totals'];
    municipalities: Record<string, unknown>[];
    differences: Record<string, unknown>[];
  };
  const strings = (r: Record<string, unknown>): Row => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)]));
  return {
    otherRows: 0,
    summary: Object.entries(doc.totals)
      .filter(([k]) => k !== 'byCause')
      .map(([item, value]) => ({ item, value: String(value) })),
    municipalities: doc.municipalities.map(strings),
    differences: doc.differences.map(strings),
  };
}

/** Compares decimals by value (a spreadsheet drops trailing zeros). */
const same = (a: string | undefined, b: string): boolean => {
  try {
    return a !== undefined && money(a === '' ? '0' : a).eq(money(b));
  } catch {
    return a === b;
  }
};

function compareSections(s: Sections, output: ReconciliationOutput, manifest: Manifest): string[] {
  const problems: string[] = [];
  const listed = (name: string) => manifest.files.find((x) => x.name === name)?.rows;
  const counted: [string, number][] =
    manifest.exportFormat === 'XLSX'
      ? [['reconciliation.xlsx', s.summary.length + s.municipalities.length + s.differences.length + s.otherRows]]
      : manifest.exportFormat === 'JSON'
        ? [['reconciliation.json', s.municipalities.length + s.differences.length]]
        : [
            ['summary.csv', s.summary.length],
            ['municipalities.csv', s.municipalities.length],
            ['differences.csv', s.differences.length],
          ];
  for (const [name, rows] of counted) {
    if (listed(name) !== rows) {
      problems.push(`${name}: ${rows} rows, the manifest says ${listed(name) ?? '(not listed)'}`);
    }
  }
  const totals = new Map(s.summary.map((r) => [r.item ?? '', r.value ?? '']));
  for (const column of MUNICIPALITY_COLUMNS.slice(1, 7)) {
    const parts = sum(s.municipalities.map((r) => money(r[column] === '' || r[column] === undefined ? '0' : r[column])));
    const total = totals.get(column);
    if (total === undefined || !parts.eq(money(total))) {
      problems.push(`${column}: the municipality rows add up to ${parts.toFixed(2)}, the summary says ${total ?? '(missing)'}`);
    }
    if (!parts.eq(money(output.totals[column as keyof ReconciliationOutput['totals']] as string))) {
      problems.push(`${column}: the exported rows differ from the recomputation`);
    }
  }
  if (s.municipalities.length !== output.municipalities.length) {
    problems.push(`${s.municipalities.length} municipality rows exported, ${output.municipalities.length} recomputed`);
  }
  output.municipalities.forEach((m, i) => {
    const r = s.municipalities[i];
    if (!r || r.municipalityCode !== m.municipalityCode || MUNICIPALITY_COLUMNS.slice(1).some((c) => !same(r[c], String(m[c])))) {
      problems.push(`municipality row ${i + 1} (${m.municipalityCode}) differs from the recomputation`);
    }
  });
  if (s.differences.length !== output.differences.length) {
    problems.push(`${s.differences.length} differences exported, ${output.differences.length} recomputed`);
  }
  output.differences.forEach((d, i) => {
    const r = s.differences[i];
    const ok =
      r !== undefined &&
      r.check === d.check &&
      r.cause === d.cause &&
      (r.municipalityCode ?? '') === (d.municipalityCode ?? '') &&
      same(r.expected, d.expected) &&
      same(r.actual, d.actual) &&
      same(r.difference, d.difference);
    if (!ok) {
      problems.push(`difference ${i + 1} (${d.check} ${d.municipalityCode ?? ''} ${d.cause}) differs from the recomputation`);
    }
  });
  return problems;
}

function readDirectory(dir: string): Map<string, Buffer> {
  return new Map(fs.readdirSync(dir).map((name) => [name, fs.readFileSync(path.join(dir, name))]));
}

function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const out = new Map<string, Buffer>();
    // Loaded here, not when the server starts (decision 1840).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const yauzl = require('yauzl') as typeof yauzlType;
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) {
        reject(error ?? new Error('cannot open zip'));
        return;
      }
      zip.on('entry', (entry: yauzlType.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) {
            reject(e ?? new Error('cannot read entry'));
            return;
          }
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
