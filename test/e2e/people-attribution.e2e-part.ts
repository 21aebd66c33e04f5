import { createTestApp, type TestApp } from '../helpers/test-app';
import { attributeYear, importPersonEvents } from '../../src/modules/people';
import { generatePopulation, type GeneratorMunicipality } from '../../src/modules/people/people.generator';
import { registerMerger } from '../../src/modules/municipalities';
import { referenceAttribution, responsibleDays, toValue, type RefEvent, type Rule } from '../helpers/people-reference';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const RULES: Rule[] = ['PEILDATUM', 'PRO_RATA_DAYS', 'FIRST_OF_MONTH', 'FIRST_MUNICIPALITY', 'EDUCATION_ROUTE'];
const divisor = (rule: Rule, year: number) =>
  rule === 'PRO_RATA_DAYS' || rule === 'FIRST_MUNICIPALITY' ? (year % 4 === 0 ? 366 : 365) : rule === 'FIRST_OF_MONTH' ? 12 : 1;

type E = Omit<RefEvent, 'personId'> & { endReason?: string };
const at = '2029-01-01T00:00:00Z';
let seq = 0;
function person(id: string, events: E[]): Record<string, unknown>[] {
  return events.map((e) => ({ eventId: `ev-${(seq += 1)}`, personId: id, source: 'HAND', sourceRecordedAt: at, ...e }));
}
const start = (date: string, category: string, municipalityCode?: string, route?: string): E => ({
  type: 'OBLIGATION_STARTED',
  date,
  category,
  ...(municipalityCode ? { municipalityCode } : {}),
  ...(route ? { route } : {}),
});
const housed = (date: string, municipalityCode: string): E => ({ type: 'HOUSED', date, municipalityCode });
const moved = (date: string, fromCode: string, toCode: string): E => ({ type: 'MOVED', date, fromCode, toCode });
const ended = (date: string): E => ({ type: 'OBLIGATION_ENDED', date, endReason: 'COMPLETED' });

const HAND: Record<string, unknown>[] = [
  ...person('hand-first-and-last', [
    start('2026-01-15', 'GEZINSMIGRANT', 'GM0363'),
    moved('2026-03-01', 'GM0363', 'GM0344'),
    moved('2026-03-31', 'GM0344', 'GM0518'),
  ]),
  ...person('hand-dec-31', [
    start('2026-02-01', 'ASIELSTATUSHOUDER'),
    housed('2026-04-10', 'GM0599'),
    moved('2026-12-31', 'GM0599', 'GM0772'),
  ]),
  ...person('hand-same-day', [
    start('2026-05-05', 'OVERIG', 'GM0363', 'Z_ROUTE'),
    moved('2026-07-01', 'GM0363', 'GM0344'),
    moved('2026-07-01', 'GM0344', 'GM0518'),
    ended('2026-10-15'),
  ]),
  ...person('hand-leap-day', [
    start('2028-01-10', 'ASIELSTATUSHOUDER'),
    housed('2028-02-29', 'GM0363'),
    moved('2028-03-01', 'GM0363', 'GM0344'),
  ]),
  ...person('hand-later-year', [start('2026-11-01', 'ASIELSTATUSHOUDER', undefined, 'ONDERWIJSROUTE'), housed('2027-03-15', 'GM0599')]),
  ...person('hand-away-back', [
    start('2026-02-01', 'GEZINSMIGRANT', 'GM0363', 'B1'),
    moved('2026-04-01', 'GM0363', 'GM0344'),
    moved('2026-08-01', 'GM0344', 'GM0363'),
  ]),
  ...person('hand-zero-day', [
    start('2026-03-01', 'ASIELSTATUSHOUDER'),
    housed('2026-06-01', 'GM0363'),
    moved('2026-06-01', 'GM0363', 'GM0344'),
  ]),
  ...person('hand-two-obligations', [
    start('2026-01-01', 'GEZINSMIGRANT', 'GM0014'),
    ended('2026-06-30'),
    start('2026-09-01', 'OVERIG', 'GM0014', 'ONDERWIJSROUTE'),
  ]),
  ...person('hand-family-window', [start('2026-06-01', 'GEZINSMIGRANT'), housed('2027-02-01', 'GM0014')]),
  ...person('hand-asylum-window-in', [start('2025-03-01', 'ASIELSTATUSHOUDER'), housed('2027-12-31', 'GM0014')]),
  ...person('hand-asylum-window-out', [start('2025-01-01', 'ASIELSTATUSHOUDER'), housed('2028-01-05', 'GM0014')]),
  ...person('hand-start-dec-31', [start('2026-12-31', 'GEZINSMIGRANT', 'GM0363')]),
  ...person('hand-end-same-day', [start('2027-04-04', 'OVERIG'), housed('2027-04-04', 'GM0344'), ended('2027-04-04')]),
];

async function sqlValues(year: number, rule: Rule): Promise<Map<string, string>> {
  const { rows } = await attributeYear(t.ctx(), { year, rule });
  return new Map(rows.map((r) => [`${r.municipalityCode}|${r.category}|${r.route ?? ''}`, r.value]));
}

function refValues(events: RefEvent[], year: number, rule: Rule, successor?: (c: string) => string): Map<string, string> {
  const units = referenceAttribution(events, year, rule, successor);
  return new Map([...units].filter(([, n]) => n > 0).map(([k, n]) => [k, toValue(n, divisor(rule, year))]));
}

describe('hand-made people', () => {
  beforeAll(async () => {
    await importPersonEvents(t.ctx(), { batchKey: 'hand-made', events: HAND });
  });
  const hand = () => HAND as unknown as RefEvent[];

  it.each(RULES.flatMap((rule) => [2025, 2026, 2027, 2028].map((year) => [rule, year] as const)))(
    '%s %i equals the day-by-day computation',
    async (rule, year) => {
      expect(Object.fromEntries(await sqlValues(year, rule))).toEqual(Object.fromEntries(refValues(hand(), year, rule)));
    },
  );

  it('pins the edge cases by hand', async () => {
    const peil2026 = await sqlValues(2026, 'PEILDATUM');
    expect(peil2026.get('GM0772|ASIELSTATUSHOUDER|')).toBe('1.000000'); // moved on 31 December: the destination
    expect(peil2026.get('GM0599|ASIELSTATUSHOUDER|')).toBeUndefined();
    expect(peil2026.get('GM0363|GEZINSMIGRANT|')).toBe('1.000000'); // started on 31 December
    const peil2027 = await sqlValues(2027, 'PEILDATUM');
    expect(peil2027.get('GM0599|ASIELSTATUSHOUDER|ONDERWIJSROUTE')).toBe('1.000000'); // reception, housed the next year
    expect(peil2027.get('GM0014|ASIELSTATUSHOUDER|')).toBe('1.000000'); // housed on 31 Dec of the 2nd year after
    expect(peil2027.get('GM0014|GEZINSMIGRANT|')).toBeUndefined(); // family migrant: outside its window
    expect((await sqlValues(2028, 'PEILDATUM')).get('GM0014|ASIELSTATUSHOUDER|')).toBeUndefined();
    // Leap year: GM0363 holds 29 February only; 1/366.
    expect((await sqlValues(2028, 'PRO_RATA_DAYS')).get('GM0363|ASIELSTATUSHOUDER|')).toBe(toValue(1, 366));
    // Same-day chain: GM0344 held the person for zero days and gets nothing for it.
    const pro2026 = await sqlValues(2026, 'PRO_RATA_DAYS');
    expect(pro2026.get('GM0344|OVERIG|Z_ROUTE')).toBeUndefined();
    expect(pro2026.get('GM0518|OVERIG|Z_ROUTE')).toBe(toValue(107, 365)); // 1 Jul..15 Oct inclusive
    expect((await sqlValues(2027, 'EDUCATION_ROUTE')).get('GM0599|ASIELSTATUSHOUDER|ONDERWIJSROUTE')).toBe('1.000000');
    // Start, housing and end on one day: one day.
    expect((await sqlValues(2027, 'PRO_RATA_DAYS')).get('GM0344|OVERIG|')).toBe(toValue(1, 365));
  });
});

describe('a seeded random population, with a merger', () => {
  const MERGE_FROM = 'GM0358';
  const MERGE_TO = 'GM0362';
  let generated: RefEvent[] = [];
  beforeAll(async () => {
    const munis = await t.dataSource.query<GeneratorMunicipality[]>(
      'SELECT code, population, neighbours FROM municipalities ORDER BY code',
    );
    const events = [
      ...generatePopulation({ people: 600, year: 2026, seed: 20261, municipalities: munis, moverShare: 0.5, until: '2028-06-30' }),
    ];
    // Someone in the municipality that will merge, across the merger date.
    const merging = person('hand-merging-1', [start('2026-10-01', 'GEZINSMIGRANT', MERGE_FROM), moved('2027-06-01', MERGE_FROM, 'GM0363')]);
    await importPersonEvents(t.ctx(), {
      batchKey: 'random-2026',
      events: [...(events as unknown as Record<string, unknown>[]), ...merging],
    });
    // Everything in the database: the hand-made people of the first block too.
    generated = [...HAND, ...(events as unknown as Record<string, unknown>[]), ...merging] as unknown as RefEvent[];
    await registerMerger(t.ctx(), { dissolvedCodes: [MERGE_FROM], successorCode: MERGE_TO, effectiveDate: '2027-01-01' });
  });
  const successorIn = (year: number) => (code: string) => (year >= 2027 && code === MERGE_FROM ? MERGE_TO : code);

  it.each(RULES.flatMap((rule) => [2026, 2027, 2028].map((year) => [rule, year] as const)))(
    '%s %i equals the day-by-day computation',
    async (rule, year) => {
      const sql = await sqlValues(year, rule);
      expect(sql.size > 0 || rule === 'EDUCATION_ROUTE').toBe(true);
      expect(Object.fromEntries(sql)).toEqual(Object.fromEntries(refValues(generated, year, rule, successorIn(year))));
    },
  );

  it('sums person-days over municipalities to the housed obligation days over people', async () => {
    for (const year of [2026, 2027]) {
      const byPerson = new Map<string, RefEvent[]>();
      generated.forEach((e) => byPerson.set(e.personId, [...(byPerson.get(e.personId) ?? []), e]));
      let housedDays = 0;
      for (const list of byPerson.values()) {
        housedDays += responsibleDays(list, `${year}-12-31`).filter((d) => d.date.startsWith(String(year))).length;
      }
      for (const rule of ['PRO_RATA_DAYS', 'FIRST_MUNICIPALITY'] as const) {
        const { rows } = await attributeYear(t.ctx(), { year, rule });
        expect(rows.reduce((acc, r) => acc + Number(r.units), 0)).toBe(housedDays);
      }
    }
  });

  it('puts periods of the dissolved municipality on or after the merger with the successor', async () => {
    const { rows } = await attributeYear(t.ctx(), { year: 2027, rule: 'PRO_RATA_DAYS' });
    expect(rows.some((r) => r.municipalityCode === MERGE_FROM)).toBe(false);
  });
});
