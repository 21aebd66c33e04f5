import { chooseSchemeYear, chooseYear, sortSchemeYears, yearParam, yearsOf } from '../../console/src/components/schemeYear';
import { mergeSearch } from '../../console/src/components/queryString';

const S = (code: string, year: number, extra: Partial<{ open: boolean; runs: boolean }> = {}) => ({
  code,
  year,
  open: false,
  runs: false,
  ...extra,
});

describe('console scheme-year choice', () => {
  const schemes = sortSchemeYears([
    S('SPUK-WI2021', 2025, { runs: true }),
    S('UITV-WI2021', 2026, { runs: true }),
    S('SPUK-WI2021', 2026, { runs: true, open: true }),
    S('SPUK-WI2021', 2027, { open: true }),
  ]);

  it('sorts newest year first, then by code, and lists the years', () => {
    expect(schemes.map((s) => `${s.code} ${s.year}`)).toEqual([
      'SPUK-WI2021 2027',
      'SPUK-WI2021 2026',
      'UITV-WI2021 2026',
      'SPUK-WI2021 2025',
    ]);
    expect(yearsOf(schemes)).toEqual([2027, 2026, 2025]);
  });

  it.each<[string, { scheme: string | null; year: number | null }, ((s: ReturnType<typeof S>) => boolean)[], string | null]>([
    ['the URL wins', { scheme: 'UITV-WI2021', year: 2026 }, [(s) => s.open], 'UITV-WI2021 2026'],
    [
      'a year without its scheme takes the preferred scheme of that year',
      { scheme: 'NOPE', year: 2026 },
      [(s) => s.code.startsWith('UITV')],
      'UITV-WI2021 2026',
    ],
    ['a year without a preference takes its first scheme', { scheme: null, year: 2026 }, [], 'SPUK-WI2021 2026'],
    [
      'no usable year: the first preference that matches',
      { scheme: null, year: 1999 },
      [(s) => s.runs && s.code.startsWith('UITV'), (s) => s.runs],
      'UITV-WI2021 2026',
    ],
    [
      'no usable year: a later preference when the first matches nothing',
      { scheme: null, year: null },
      [(s) => s.code === 'X', (s) => s.runs],
      'SPUK-WI2021 2026',
    ],
    ['a scheme without a year: its newest year', { scheme: 'SPUK-WI2021', year: null }, [], 'SPUK-WI2021 2027'],
    ['nothing preferred: the newest', { scheme: null, year: null }, [(s) => s.code === 'X'], 'SPUK-WI2021 2027'],
  ])('%s', (_name, wanted, prefer, expected) => {
    const chosen = chooseSchemeYear(schemes, wanted, prefer);
    expect(chosen === null ? null : `${chosen.code} ${chosen.year}`).toBe(expected);
  });

  it('has nothing to choose from an empty list', () => {
    expect(chooseSchemeYear([], { scheme: 'A', year: 2026 })).toBeNull();
    expect(chooseYear([], 2026)).toBeNull();
  });

  it('chooses a year: the URL if offered, else the first preferred one offered, else the newest', () => {
    expect(chooseYear([2027, 2026], 2026, [2027])).toBe(2026);
    expect(chooseYear([2027, 2026], 2020, [2025, 2026])).toBe(2026);
    expect(chooseYear([2027, 2026], null)).toBe(2027);
    expect([yearParam('2026'), yearParam('20261'), yearParam('all'), yearParam(null)]).toEqual([2026, null, null, null]);
  });
});

describe('console URL state: changes merge into the query string they are given', () => {
  it.each<[string, Record<string, string>, string]>([
    ['?province=PV26&q=ams', { province: '' }, '?q=ams'],
    ['?province=PV26', { q: 'amsterd' }, '?province=PV26&q=amsterd'],
    ['', { year: '2026', scheme: 'SPUK-WI2021' }, '?year=2026&scheme=SPUK-WI2021'],
    ['?q=x', { q: '' }, ''],
    ['?q=a+b', { q: 'a & b' }, '?q=a+%26+b'],
  ])('%s + %j = %s', (search, changes, expected) => {
    expect(mergeSearch(search, changes)).toBe(expected);
  });

  it('two quick changes both stick when each merges into the result of the one before', () => {
    const afterClear = mergeSearch('?province=PV26', { province: '' });
    expect(mergeSearch(afterClear, { q: 'amsterd' })).toBe('?q=amsterd');
  });
});
