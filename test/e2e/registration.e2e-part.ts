import { createTestApp, codes, type TestApp } from '../helpers/test-app';
import { money, roundToUnit } from '../../src/common/money/money';

/**
 * From person events to REGISTERED counts to allocations: publishing attribution runs, and the
 * side-by-side of the taakstelling and every attribution rule. Uses DOMAIN.md's worked example
 * "Attribution in 2027" (asylum status holder: reception from 10 March, housed in GM0363 on
 * 1 May, moved to GM0344 on 1 September, still obliged at year end).
 */
let t: TestApp;
const at = '2027-12-31T12:00:00Z';

const event = (eventId: string, type: string, date: string, extra: Record<string, string>) => ({
  eventId,
  personId: 'pseudo-worked-0001',
  type,
  date,
  source: 'COA',
  sourceRecordedAt: at,
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp();
  await t.ok(`mutation($input: ImportPersonEventsInput!) { importPersonEvents(input: $input) { applied } }`, {
    input: {
      batchKey: 'registration-worked-example',
      events: [
        event('rw-1', 'OBLIGATION_STARTED', '2027-03-10', { category: 'ASIELSTATUSHOUDER' }),
        event('rw-2', 'HOUSED', '2027-05-01', { municipalityCode: 'GM0363' }),
        event('rw-3', 'MOVED', '2027-09-01', { fromCode: 'GM0363', toCode: 'GM0344' }),
      ],
    },
  });
});
afterAll(async () => {
  await t.close();
});

const COUNTS = `query($rule: String) { counts(first: 20, filter: { basis: "REGISTERED", rule: $rule, year: 2027 }) { edges { node { municipalityCode category value } } } }`;

async function registered(rule: string): Promise<Record<string, string>> {
  const data = await t.ok<{ counts: { edges: { node: { municipalityCode: string; value: string } }[] } }>(
    COUNTS,
    { rule },
    t.tokens.auditor,
  );
  return Object.fromEntries(data.counts.edges.map((e) => [e.node.municipalityCode, e.node.value]));
}

describe('publishing attribution as REGISTERED counts', () => {
  it('writes the worked example’s counts, labelled with the rule, once per event state', async () => {
    const first = await t.ok<{ publishRegisteredCounts: { rows: number; replayed: boolean; stateHash: string } }>(
      `mutation { publishRegisteredCounts(year: 2027, rule: PRO_RATA_DAYS) { rows replayed stateHash } }`,
    );
    expect(first.publishRegisteredCounts).toMatchObject({ rows: 2, replayed: false });
    expect(await registered('PRO_RATA_DAYS')).toEqual({ GM0363: '0.336986', GM0344: '0.334247' });
    const again = await t.ok<{ publishRegisteredCounts: { replayed: boolean; stateHash: string } }>(
      `mutation { publishRegisteredCounts(year: 2027, rule: PRO_RATA_DAYS) { replayed stateHash } }`,
    );
    expect(again.publishRegisteredCounts).toEqual({ replayed: true, stateHash: first.publishRegisteredCounts.stateHash });
    await t.ok(`mutation { publishRegisteredCounts(year: 2027, rule: PEILDATUM) { rows } }`);
    expect(await registered('PEILDATUM')).toEqual({ GM0344: '1.000000' });
  });

  it('zeroes a key the new event state no longer has', async () => {
    // The person moves on to GM0518 on 31 December: PEILDATUM now counts GM0518, not GM0344.
    await t.ok(`mutation($input: ImportPersonEventsInput!) { importPersonEvents(input: $input) { applied } }`, {
      input: { batchKey: 'registration-move-2', events: [event('rw-4', 'MOVED', '2027-12-31', { fromCode: 'GM0344', toCode: 'GM0518' })] },
    });
    const published = await t.ok<{ publishRegisteredCounts: { rows: number; zeroedRows: number } }>(
      `mutation { publishRegisteredCounts(year: 2027, rule: PEILDATUM) { rows zeroedRows } }`,
    );
    expect(published.publishRegisteredCounts).toEqual({ rows: 1, zeroedRows: 1 });
    expect(await registered('PEILDATUM')).toEqual({ GM0344: '0.000000', GM0518: '1.000000' });
  });

  it('is for finance officers only', async () => {
    expect(codes(await t.gql(`mutation { publishRegisteredCounts(year: 2027, rule: PEILDATUM) { rows } }`, {}, t.tokens.auditor))).toEqual([
      'FORBIDDEN',
    ]);
  });
});

describe('side by side: taakstelling against every attribution rule', () => {
  let ruleId: string;

  beforeAll(async () => {
    await t.ok(
      `mutation { createScheme(input: { code: "SBS-TEST", name: "Side by side", stream: INTEGRATION_PROVISIONS, year: 2027, budgetMode: OPEN_ENDED, budget: "1000000.00", status: OPEN }) { id } }`,
    );
    await t.ok(
      `mutation { addRate(input: { schemeCode: "SBS-TEST", category: ASIELSTATUSHOUDER, amount: "11600.00", validFrom: "2027-01-01" }) { id } }`,
    );
    await t.ok(`mutation($input: ImportCountsInput!) { importCounts(input: $input) { rowCount } }`, {
      input: {
        batchKey: 'sbs-taakstelling',
        rows: [
          {
            municipalityCode: 'GM0363',
            periodType: 'YEAR',
            periodStart: '2027-01-01',
            periodEnd: '2027-12-31',
            category: 'ASIELSTATUSHOUDER',
            basis: 'TAAKSTELLING',
            source: 'MINISTRY',
            value: '0.5',
          },
          {
            municipalityCode: 'GM0344',
            periodType: 'YEAR',
            periodStart: '2027-01-01',
            periodEnd: '2027-12-31',
            category: 'ASIELSTATUSHOUDER',
            basis: 'TAAKSTELLING',
            source: 'MINISTRY',
            value: '0.25',
          },
        ],
      },
    });
    const rule = await t.ok<{ createAllocationRule: { id: string } }>(
      `mutation { createAllocationRule(input: { ruleKey: "sbs", schemeCode: "SBS-TEST", basis: TAAKSTELLING, categories: [{ category: ASIELSTATUSHOUDER }], useBaseAmounts: false, description: "taakstelling" }) { id } }`,
    );
    ruleId = rule.createAllocationRule.id;
  });

  it('allocates each variant exactly (rate × count rounded once) and stores nothing', async () => {
    const before = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM allocation_runs) AS runs, (SELECT count(*) FROM journal_transactions) AS tx, (SELECT count(*) FROM counts) AS counts`,
    );
    const data = await t.ok<{
      attributionSideBySide: {
        variants: { label: string; total: string }[];
        lines: { municipalityCode: string; amounts: { variant: string; amount: string; difference: string; percent: string | null }[] }[];
      };
    }>(
      `query($id: ID!) { attributionSideBySide(schemeCode: "SBS-TEST", year: 2027, ruleVersionId: $id, municipalityCodes: ["GM0344", "GM0363", "GM0518"]) {
        variants { label total } lines { municipalityCode amounts { variant amount difference percent } } } }`,
      { id: ruleId },
    );
    const rate = money('11600.00');
    const expected: Record<string, Record<string, string>> = {
      // Counts per rule from DOMAIN.md's worked example, extended with the move to GM0518 on 31 December.
      TAAKSTELLING: { GM0363: '0.5', GM0344: '0.25', GM0518: '0' },
      PEILDATUM: { GM0363: '0', GM0344: '0', GM0518: '1' },
      PRO_RATA_DAYS: { GM0363: '0.336986', GM0344: '0.331507', GM0518: '0.002740' },
      FIRST_OF_MONTH: { GM0363: '0.333333', GM0344: '0.333333', GM0518: '0' },
      FIRST_MUNICIPALITY: { GM0363: '0.671233', GM0344: '0', GM0518: '0' },
    };
    for (const line of data.attributionSideBySide.lines) {
      const ref = roundToUnit(rate.times(expected.TAAKSTELLING![line.municipalityCode]!), 2);
      for (const a of line.amounts) {
        const want = roundToUnit(rate.times(expected[a.variant]![line.municipalityCode]!), 2);
        expect([line.municipalityCode, a.variant, a.amount, a.difference]).toEqual([
          line.municipalityCode,
          a.variant,
          want.toFixed(2),
          want.minus(ref).toFixed(2),
        ]);
        expect(a.percent).toBe(ref.isZero() ? null : roundToUnit(want.minus(ref).times(100).div(ref), 2).toFixed(2));
      }
    }
    expect(data.attributionSideBySide.lines.map((l) => l.municipalityCode)).toEqual(['GM0344', 'GM0363', 'GM0518']);
    const after = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM allocation_runs) AS runs, (SELECT count(*) FROM journal_transactions) AS tx, (SELECT count(*) FROM counts) AS counts`,
    );
    expect(after).toEqual(before);
  });

  it('shows a controller its own municipality only', async () => {
    const own = await t.ok<{ attributionSideBySide: { lines: { municipalityCode: string }[] } }>(
      `query($id: ID!) { attributionSideBySide(schemeCode: "SBS-TEST", year: 2027, ruleVersionId: $id) { lines { municipalityCode } } }`,
      { id: ruleId },
      await t.tokens.controller('GM0363'),
    );
    expect(own.attributionSideBySide.lines.map((l) => l.municipalityCode)).toEqual(['GM0363']);
    const other = await t.gql(
      `query($id: ID!) { attributionSideBySide(schemeCode: "SBS-TEST", year: 2027, ruleVersionId: $id, municipalityCodes: ["GM0344"]) { reference } }`,
      { id: ruleId },
      await t.tokens.controller('GM0363'),
    );
    expect(codes(other)).toEqual(['FORBIDDEN']);
  });
});

describe('side by side for a year without person events', () => {
  it('answers: the taakstelling as imported, every attribution rule at zero (no empty count batch)', async () => {
    // The worked example starts in March 2027: 2026 has no person events at all.
    await t.ok(
      `mutation { createScheme(input: { code: "SBS-EMPTY", name: "Side by side, no events", stream: INTEGRATION_PROVISIONS, year: 2026, budgetMode: OPEN_ENDED, budget: "1000000.00", status: OPEN }) { id } }`,
    );
    await t.ok(
      `mutation { addRate(input: { schemeCode: "SBS-EMPTY", category: ASIELSTATUSHOUDER, amount: "11600.00", validFrom: "2026-01-01" }) { id } }`,
    );
    await t.ok(`mutation($input: ImportCountsInput!) { importCounts(input: $input) { rowCount } }`, {
      input: {
        batchKey: 'sbs-empty-taakstelling',
        rows: [
          {
            municipalityCode: 'GM0363',
            periodType: 'YEAR',
            periodStart: '2026-01-01',
            periodEnd: '2026-12-31',
            category: 'ASIELSTATUSHOUDER',
            basis: 'TAAKSTELLING',
            source: 'MINISTRY',
            value: '0.5',
          },
        ],
      },
    });
    const rule = await t.ok<{ createAllocationRule: { id: string } }>(
      `mutation { createAllocationRule(input: { ruleKey: "sbs-empty", schemeCode: "SBS-EMPTY", basis: TAAKSTELLING, categories: [{ category: ASIELSTATUSHOUDER }], useBaseAmounts: false, description: "taakstelling" }) { id } }`,
    );
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM person_events WHERE event_date <= '2026-12-31'`);
    expect(n).toBe(0);
    const before = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM allocation_runs) AS runs, (SELECT count(*) FROM journal_transactions) AS tx, (SELECT count(*) FROM counts) AS counts`,
    );
    const data = await t.ok<{
      attributionSideBySide: {
        variants: { label: string; total: string }[];
        lines: { municipalityCode: string; amounts: { variant: string; amount: string; difference: string; percent: string | null }[] }[];
      };
    }>(
      `query($id: ID!) { attributionSideBySide(schemeCode: "SBS-EMPTY", year: 2026, ruleVersionId: $id) {
        variants { label total } lines { municipalityCode amounts { variant amount difference percent } } } }`,
      { id: rule.createAllocationRule.id },
    );
    expect(data.attributionSideBySide.variants).toEqual([
      { label: 'TAAKSTELLING', total: '5800.00' },
      { label: 'PEILDATUM', total: '0.00' },
      { label: 'PRO_RATA_DAYS', total: '0.00' },
      { label: 'FIRST_OF_MONTH', total: '0.00' },
      { label: 'FIRST_MUNICIPALITY', total: '0.00' },
    ]);
    const gm0363 = data.attributionSideBySide.lines.find((l) => l.municipalityCode === 'GM0363');
    expect(gm0363?.amounts).toEqual([
      { variant: 'TAAKSTELLING', amount: '5800.00', difference: '0.00', percent: '0.00' },
      ...['PEILDATUM', 'PRO_RATA_DAYS', 'FIRST_OF_MONTH', 'FIRST_MUNICIPALITY'].map((variant) => ({
        variant,
        amount: '0.00',
        difference: '-5800.00',
        percent: '-100.00',
      })),
    ]);
    const after = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM allocation_runs) AS runs, (SELECT count(*) FROM journal_transactions) AS tx, (SELECT count(*) FROM counts) AS counts`,
    );
    expect(after).toEqual(before);
  });

  it('publishing a year without person events records nothing and says so', async () => {
    const published = await t.ok<{ publishRegisteredCounts: { rows: number; zeroedRows: number } }>(
      `mutation { publishRegisteredCounts(year: 2026, rule: PEILDATUM) { rows zeroedRows } }`,
    );
    expect(published.publishRegisteredCounts).toEqual({ rows: 0, zeroedRows: 0 });
    expect(
      await t.dataSource.query(`SELECT count(*)::int AS n FROM counts WHERE basis = 'REGISTERED' AND period_start = '2026-01-01'`),
    ).toEqual([{ n: 0 }]);
  });
});
