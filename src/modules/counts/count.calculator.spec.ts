import { money } from '../../common/money/money';
import fc from 'fast-check';
import { aggregateYearly, countFromUnits, periodEndFor, validateCountBatch, type RawCountRow, type StoredCount } from './count.calculator';

const known = new Set(['GM0363', 'GM0344', 'GM0014']);
const good: RawCountRow = {
  municipalityCode: 'GM0363',
  periodType: 'YEAR',
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  category: 'ASIELSTATUSHOUDER',
  route: '',
  basis: 'TAAKSTELLING',
  rule: '',
  source: 'MINISTRY',
  value: '12',
};

describe('periodEndFor', () => {
  it.each([
    ['MONTH', '2028-02-01', '2028-02-29'],
    ['MONTH', '2027-02-01', '2027-02-28'],
    ['MONTH', '2026-12-01', '2026-12-31'],
    ['QUARTER', '2026-10-01', '2026-12-31'],
    ['QUARTER', '2026-04-01', '2026-06-30'],
    ['HALF_YEAR', '2026-07-01', '2026-12-31'],
    ['YEAR', '2026-01-01', '2026-12-31'],
    ['QUARTER', '2026-02-01', null],
    ['HALF_YEAR', '2026-04-01', null],
    ['YEAR', '2026-07-01', null],
    ['MONTH', '2026-01-02', null],
  ] as const)('%s from %s ends %s', (type, start, end) => {
    expect(periodEndFor(type, start)).toBe(end);
  });
});

describe('validateCountBatch', () => {
  it('accepts a good row and normalises the value to 6 decimals and empty route/rule to null', () => {
    const r = validateCountBatch([good], known);
    expect(r.problems).toEqual([]);
    expect(r.rows[0]).toMatchObject({ value: '12.000000', route: null, rule: null });
  });

  it.each([
    [{ municipalityCode: 'GM9999' }, 'municipalityCode'],
    [{ municipalityCode: 'gm0363' }, 'municipalityCode'],
    [{ value: '-1' }, 'value'],
    [{ value: '1e3' }, 'value'],
    [{ value: 'NaN' }, 'value'],
    [{ value: '12,50' }, 'value'],
    [{ value: '0.0000001' }, 'value'],
    [{ value: '' }, 'value'],
    [{ value: '+1' }, 'value'],
    [{ category: 'TOURIST' }, 'category'],
    [{ route: 'A2' }, 'route'],
    [{ basis: 'GUESS' }, 'basis'],
    [{ rule: 'PEILDATUM' }, 'rule'],
    [{ basis: 'REGISTERED', source: 'ATTRIBUTION' }, 'rule'],
    [{ source: 'CBS' }, 'source'],
    [{ periodType: 'WEEK' }, 'periodType'],
    [{ periodStart: '2026-02-30' }, 'periodStart'],
    [{ periodEnd: '2026-12-30' }, 'periodEnd'],
    [{ periodType: 'QUARTER', periodStart: '2026-02-01', periodEnd: '2026-04-30' }, 'periodStart'],
  ])('refuses %p in field %s', (over, field) => {
    const r = validateCountBatch([good, { ...good, ...over }], known);
    expect(r.problems.map((p) => `${p.line}:${p.field}`)).toEqual([`2:${field}`]);
    expect(r.rows).toHaveLength(1);
  });

  it('accepts exactly 6 decimals and REGISTERED with a rule', () => {
    const r = validateCountBatch(
      [{ ...good, basis: 'REGISTERED', rule: 'PRO_RATA_DAYS', source: 'ATTRIBUTION', value: '0.336986' }],
      known,
    );
    expect(r.problems).toEqual([]);
  });

  it('refuses a key repeated inside the batch, naming the first line', () => {
    const r = validateCountBatch([good, { ...good, municipalityCode: 'GM0344' }, { ...good, value: '3' }], known, (i) => i + 2);
    expect(r.problems).toEqual([{ line: 4, field: 'municipalityCode', reason: expect.stringContaining('line 2') }]);
  });

  it('reports every problem of every row', () => {
    const r = validateCountBatch(
      [{ ...good, value: 'x', category: 'Y' }, good, { ...good, municipalityCode: 'GM9999', value: '3' }],
      known,
    );
    expect(r.problems.map((p) => `${p.line}:${p.field}`)).toEqual(['1:category', '1:value', '3:municipalityCode']);
  });
});

describe('aggregateYearly', () => {
  let id = 0;
  const row = (
    code: string,
    periodType: StoredCount['periodType'],
    periodStart: string,
    value: string,
    category = 'ASIELSTATUSHOUDER',
  ): StoredCount => ({
    id: String(++id),
    municipalityCode: code,
    periodType,
    periodStart,
    periodEnd: periodEndFor(periodType, periodStart) ?? '',
    category,
    route: null,
    value: money(value),
  });

  it('sums the periods inside the year', () => {
    const r = aggregateYearly([row('GM0363', 'HALF_YEAR', '2026-01-01', '10.5'), row('GM0363', 'HALF_YEAR', '2026-07-01', '11.25')]);
    expect(r.map((y) => [y.municipalityCode, y.value.toFixed(6), y.countIds.length])).toEqual([['GM0363', '21.750000', 2]]);
  });

  it('uses only the coarsest period type when types are mixed (no double counting)', () => {
    const r = aggregateYearly([
      row('GM0363', 'MONTH', '2026-01-01', '1'),
      row('GM0363', 'MONTH', '2026-02-01', '1'),
      row('GM0363', 'YEAR', '2026-01-01', '30'),
      row('GM0344', 'MONTH', '2026-03-01', '2'),
    ]);
    expect(r.map((y) => [y.municipalityCode, y.value.toFixed(0)])).toEqual([
      ['GM0344', '2'],
      ['GM0363', '30'],
    ]);
  });

  it('attributes rows to a successor and adds them to its own', () => {
    const r = aggregateYearly([row('GM0014', 'YEAR', '2027-01-01', '4'), row('GM0037', 'YEAR', '2027-01-01', '1')], (code) =>
      code === 'GM0014' ? 'GM0037' : code,
    );
    expect(r.map((y) => [y.municipalityCode, y.value.toFixed(0), y.countIds])).toEqual([['GM0037', '5', expect.any(Array)]]);
  });
});

/**
 * DOMAIN "Counting people": a yearly count is Σunits / divisor rounded once to six decimals
 * (decision 1600). The independent computation here is integer arithmetic: round half up of
 * units·10⁶ / divisor, then placed six digits from the right.
 */
describe('aggregateYearly rounds attributed counts once', () => {
  const roundedOnce = (units: bigint, divisor: number): string => {
    const scaled = (units * 2_000_000n + BigInt(divisor)) / (2n * BigInt(divisor));
    const text = scaled.toString().padStart(7, '0');
    return `${text.slice(0, -6)}.${text.slice(-6)}`;
  };
  const attributed = (id: string, code: string, route: string | null, units: number, divisor: number): StoredCount => ({
    id,
    municipalityCode: code,
    periodType: 'YEAR',
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
    category: 'ASIELSTATUSHOUDER',
    route,
    value: countFromUnits(units, divisor),
    units: String(units),
    divisor,
  });

  it('793 days over three routes, routes dropped, give 2.172603 (not 2.172602 from rounded parts)', () => {
    const rows = [
      attributed('1', 'GM0363', 'B1', 2, 365),
      attributed('2', 'GM0363', 'ONDERWIJSROUTE', 2, 365),
      attributed('3', 'GM0363', 'Z_ROUTE', 789, 365),
    ];
    // The per-route values as published: 0.005479 + 0.005479 + 2.161644 = 2.172602.
    expect(rows.map((r) => r.value.toFixed(6))).toEqual(['0.005479', '0.005479', '2.161644']);
    const r = aggregateYearly(rows.map((x) => ({ ...x, route: null })));
    expect(r.map((y) => [y.municipalityCode, y.route, y.value.toFixed(6)])).toEqual([['GM0363', null, '2.172603']]);
  });

  it('keeps each (category, route) rounded once where routes are kept', () => {
    const r = aggregateYearly([attributed('1', 'GM0363', 'B1', 2, 365), attributed('2', 'GM0363', 'Z_ROUTE', 789, 365)]);
    expect(r.map((y) => [y.route, y.value.toFixed(6)])).toEqual([
      ['B1', '0.005479'],
      ['Z_ROUTE', '2.161644'],
    ]);
  });

  it('sums figures as delivered when a row has no units', () => {
    const plain: StoredCount = { ...attributed('9', 'GM0363', null, 0, 365), units: null, divisor: null, value: money('1.000001') };
    const r = aggregateYearly([{ ...attributed('1', 'GM0363', 'B1', 2, 365), route: null }, plain]);
    expect(r[0]!.value.toFixed(6)).toBe('1.005480');
  });

  it('property: any split of units over routes and merged codes gives the once-rounded count', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(365, 366, 12, 1),
        fc.array(
          fc.record({
            code: fc.constantFrom('GM0014', 'GM0037', 'GM0363'),
            route: fc.constantFrom(null, 'B1', 'ONDERWIJSROUTE', 'Z_ROUTE'),
            units: fc.integer({ min: 0, max: 100_000 }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        (divisor, parts) => {
          // One row per (code, route) key, as an attribution publishes them.
          const byKey = new Map<string, { code: string; route: string | null; units: number }>();
          for (const p of parts) {
            byKey.set(`${p.code}|${p.route ?? ''}`, p);
          }
          const rows = [...byKey.values()].map((p, i) => ({
            ...attributed(String(i + 1), p.code, p.route, p.units, divisor),
            route: null,
          }));
          // GM0014 merged into GM0037: both add up under GM0037.
          const result = aggregateYearly(rows, (code) => (code === 'GM0014' ? 'GM0037' : code));
          const expected = new Map<string, bigint>();
          for (const p of byKey.values()) {
            const target = p.code === 'GM0014' ? 'GM0037' : p.code;
            expected.set(target, (expected.get(target) ?? 0n) + BigInt(p.units));
          }
          expect(new Map(result.map((y) => [y.municipalityCode, y.value.toFixed(6)]))).toEqual(
            new Map([...expected].map(([code, units]) => [code, roundedOnce(units, divisor)])),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
