import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, codes, type TestApp } from '../helpers/test-app';
import { runImport } from '../../src/cli/import';
import { apiTarget, databaseTarget, type CliTarget } from '../../src/cli/cli-target';
import type { AddressInfo } from 'node:net';
import { yearlyCounts } from '../../src/modules/counts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const row = (over: Record<string, unknown> = {}) => ({
  municipalityCode: 'GM0363',
  periodType: 'QUARTER',
  periodStart: '2027-01-01',
  periodEnd: '2027-03-31',
  category: 'ASIELSTATUSHOUDER',
  route: null,
  basis: 'REPORTED',
  rule: null,
  source: 'MUNICIPALITY',
  value: '12.5',
  ...over,
});

const IMPORT = `mutation($input: ImportCountsInput!) { importCounts(input: $input) { id rowCount replayed recordedAt } }`;
const COUNTS = `query($f: CountFilterInput) { counts(first: 100, filter: $f) { totalCount edges { node { id municipalityCode periodStart value recordedAt } } } }`;

async function storedRows(): Promise<number> {
  const r: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM counts`);
  return r[0]!.n;
}

describe('importCounts', () => {
  it('refuses a batch with bad rows, writes nothing, and reports every bad row with line and field', async () => {
    const before = await storedRows();
    const rows = [
      row(),
      row({ periodStart: '2027-04-01', periodEnd: '2027-06-30', value: '-1' }),
      row({ municipalityCode: 'GM9999', periodStart: '2027-07-01', periodEnd: '2027-09-30' }),
      row({ value: '1e3', periodStart: '2027-10-01', periodEnd: '2027-12-31' }),
      row({ periodType: 'MONTH', periodStart: '2027-01-01', periodEnd: '2027-01-31', value: '12,50' }),
      row({ periodType: 'MONTH', periodStart: '2027-02-01', periodEnd: '2027-02-31', value: '1' }),
      row({ periodType: 'MONTH', periodStart: '2027-03-01', periodEnd: '2027-03-31', value: '0.0000001' }),
      row({ periodType: 'MONTH', periodStart: '2027-04-01', periodEnd: '2027-04-30', category: 'TOURIST' }),
      row({ periodType: 'QUARTER', periodStart: '2027-02-01', periodEnd: '2027-04-30' }),
      row(),
    ];
    const r = await t.gql(IMPORT, { input: { batchKey: 'bad-batch', rows } });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    const ext = r.errors![0]!.extensions as { line: number; field: string; problems: { line: number; field: string }[] };
    expect(ext.line).toBe(2);
    expect(ext.field).toBe('input.rows[1].value');
    expect(ext.problems.map((p) => `${p.line}:${p.field}`)).toEqual([
      '2:value',
      '3:municipalityCode',
      '4:value',
      '5:value',
      '6:periodEnd',
      '7:value',
      '8:category',
      '9:periodStart',
      '10:municipalityCode',
    ]);
    expect(await storedRows()).toBe(before);
    const batches: unknown[] = await t.dataSource.query(`SELECT 1 FROM count_batches WHERE batch_key = 'bad-batch'`);
    expect(batches).toHaveLength(0);
  });

  it('one bad row among 500 good ones: nothing is written and exactly that row is reported', async () => {
    const before = await storedRows();
    const rows = Array.from({ length: 500 }, (_, i) =>
      row({ municipalityCode: 'GM0344', periodStart: `${2100 + i}-01-01`, periodEnd: `${2100 + i}-03-31` }),
    );
    rows[249] = { ...rows[249]!, value: '3.1234567' };
    const r = await t.gql(IMPORT, { input: { batchKey: 'one-bad', rows } });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.extensions).toMatchObject({
      line: 250,
      field: 'input.rows[249].value',
      problems: [{ line: 250, field: 'value' }],
    });
    expect(await storedRows()).toBe(before);
  });

  it('imports thousands of rows at once, idempotently by batch key', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) =>
      row({
        municipalityCode: 'GM0344',
        basis: 'FORECAST',
        periodType: 'MONTH',
        periodStart: `${2030 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`,
        periodEnd: null,
        value: `${i}.000001`,
      }),
    ).map((r) => {
      const [y, m] = r.periodStart.split('-').map(Number);
      const last = new Date(Date.UTC(y!, m, 0)).getUTCDate();
      return { ...r, periodEnd: `${r.periodStart.slice(0, 8)}${String(last).padStart(2, '0')}` };
    });
    const first = await t.ok<{ importCounts: { id: string; rowCount: number; replayed: boolean } }>(IMPORT, {
      input: { batchKey: 'big', rows },
    });
    expect(first.importCounts).toMatchObject({ rowCount: 3000, replayed: false });
    const again = await t.ok<{ importCounts: { id: string; replayed: boolean } }>(IMPORT, { input: { batchKey: 'big', rows } });
    expect(again.importCounts).toMatchObject({ id: first.importCounts.id, replayed: true });
    const other = await t.gql(IMPORT, { input: { batchKey: 'big', rows: rows.slice(1) } });
    expect(codes(other)).toEqual(['CONFLICT']);
    expect(other.errors?.[0]?.extensions?.reason).toBe('IDEMPOTENCY_KEY_REUSED');
    const list = await t.ok<{ counts: { totalCount: number } }>(COUNTS, { f: { batchKey: 'big' } });
    expect(list.counts.totalCount).toBe(3000);
  });

  it('a later row supersedes an earlier one without erasing it; queries can ask as recorded at', async () => {
    const key = {
      municipalityCode: 'GM0599',
      basis: 'REPORTED',
      periodType: 'HALF_YEAR',
      periodStart: '2028-01-01',
      periodEnd: '2028-06-30',
    };
    const a = await t.ok<{ importCounts: { recordedAt: string } }>(IMPORT, {
      input: { batchKey: 'sup-1', rows: [row({ ...key, value: '5' })] },
    });
    await t.ok(IMPORT, {
      input: {
        batchKey: 'sup-2',
        rows: [row({ ...key, value: '7.25' }), row({ ...key, periodStart: '2028-07-01', periodEnd: '2028-12-31', value: '1' })],
      },
    });
    const current = await t.ok<{ counts: { edges: { node: { value: string } }[] } }>(COUNTS, {
      f: { municipalityCodes: ['GM0599'], year: 2028 },
    });
    expect(current.counts.edges.map((e) => e.node.value)).toEqual(['7.250000', '1.000000']);
    const history = await t.ok<{ counts: { totalCount: number } }>(COUNTS, {
      f: { municipalityCodes: ['GM0599'], year: 2028, currentOnly: false },
    });
    expect(history.counts.totalCount).toBe(3);
    const asThen = await t.ok<{ counts: { edges: { node: { value: string } }[] } }>(COUNTS, {
      f: { municipalityCodes: ['GM0599'], year: 2028, asRecordedAt: a.importCounts.recordedAt },
    });
    expect(asThen.counts.edges.map((e) => e.node.value)).toEqual(['5.000000']);

    const yearly = await yearlyCounts(t.ctx(), { year: 2028, basis: 'REPORTED' });
    const mine = yearly.filter((y) => y.municipalityCode === 'GM0599');
    expect(mine.map((y) => y.value.toFixed(6))).toEqual(['8.250000']);
    const before = await yearlyCounts(t.ctx(), { year: 2028, basis: 'REPORTED', asRecordedAt: new Date(a.importCounts.recordedAt) });
    expect(before.filter((y) => y.municipalityCode === 'GM0599').map((y) => y.value.toFixed(6))).toEqual(['5.000000']);
  });

  it('pages through counts with cursors, without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i += 1) {
      const page: {
        counts: { totalCount: number; edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      } = await t.ok(
        `query($after: String) { counts(first: 2, after: $after, filter: { municipalityCodes: ["GM0599"], currentOnly: false }) {
             totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(page.counts.totalCount).toBe(3);
      seen.push(...page.counts.edges.map((e) => e.node.id));
      if (!page.counts.pageInfo.hasNextPage) {
        break;
      }
      after = page.counts.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    const bad = await t.gql(COUNTS, { f: { asRecordedAt: 'yesterday' } });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('a controller reads only its own counts and may not import', async () => {
    const token = await t.tokens.controller('GM0599');
    const own = await t.ok<{ counts: { edges: { node: { municipalityCode: string } }[] } }>(COUNTS, { f: { year: 2028 } }, token);
    expect(new Set(own.counts.edges.map((e) => e.node.municipalityCode))).toEqual(new Set(['GM0599']));
    expect(codes(await t.gql(COUNTS, { f: { municipalityCodes: ['GM0363'] } }, token))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(IMPORT, { input: { batchKey: 'ctl', rows: [row()] } }, token))).toEqual(['FORBIDDEN']);
  });
});

describe('npm run import -- counts file.csv', () => {
  const header = 'municipality_code,period_type,period_start,period_end,category,route,basis,rule,source,value';
  const write = (lines: string[]) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'counts-')), 'counts.csv');
    fs.writeFileSync(file, `${[header, ...lines].join('\n')}\n`);
    return file;
  };

  let base: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => t.app.httpServer.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(t.app.httpServer.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => t.app.httpServer.close(() => resolve())));

  // The CLI writes through the running server's API, or into a database it holds itself: the same
  // outcomes either way (decision 1003).
  const targets: [string, number, () => CliTarget][] = [
    ['into a database the CLI holds', 2029, () => databaseTarget(t.dataSource, 'test database')],
    ['through the server API', 2031, () => apiTarget(`${base}/graphql`, t.tokens.finance)],
  ];

  it.each(targets)(
    '%s: imports a good file once (idempotent) and refuses a bad one with file line numbers, writing nothing',
    async (_, y, target) => {
      const good = write([
        `GM0153,YEAR,${y}-01-01,${y}-12-31,GEZINSMIGRANT,,REGISTERED,PEILDATUM,ATTRIBUTION,3`,
        `GM0153,YEAR,${y}-01-01,${y}-12-31,OVERIG,,REPORTED,,DUO,0.5`,
      ]);
      const out: string[] = [];
      expect(await runImport(['counts', good], target(), (l) => out.push(l))).toBe(0);
      expect(out.join('\n')).toMatch(/imported: 2 rows/);
      expect(await runImport(['counts', good], target(), (l) => out.push(l))).toBe(0);
      expect(out.at(-1)).toMatch(/already imported/);

      const before = await storedRows();
      const bad = write([
        `GM0153,YEAR,${y + 1}-01-01,${y + 1}-12-31,OVERIG,,REPORTED,,DUO,1`,
        `GM0153,YEAR,${y + 1}-01-01,${y + 1}-12-31,OVERIG,,REPORTED,,DUO,1.1234567`,
        `GM0153,YEAR,${y + 1}-01-01,${y + 1}-12-31,GEZINSMIGRANT,,REPORTED,,DUO,-2`,
      ]);
      const report: string[] = [];
      expect(await runImport(['counts', bad, '--batch-key', `csv-bad-${y}`], target(), (l) => report.push(l))).toBe(1);
      expect(report).toEqual(
        expect.arrayContaining([expect.stringMatching(/^line 3: value: /), expect.stringMatching(/^line 4: value: /)]),
      );
      expect(report.some((l) => l.startsWith('line 2'))).toBe(false);
      expect(await storedRows()).toBe(before);
    },
  );

  it('reports usage and an unknown kind with exit code 2', async () => {
    expect(await runImport(['people'], databaseTarget(t.dataSource, 'test database'), () => undefined)).toBe(2);
  });
});
