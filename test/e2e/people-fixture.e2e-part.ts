import { createTestApp, type TestApp } from '../helpers/test-app';
import { attributeYear, loadPeopleFixtures, PEOPLE_FIXTURE } from '../../src/modules/people';
import { runCommand } from '../../src/common/db/run-command';
import { referenceAttribution, toValue, type RefEvent, type Rule } from '../helpers/people-reference';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('the people fixture (5,000 synthetic people for 2026)', () => {
  let events: RefEvent[] = [];
  beforeAll(async () => {
    const first = await runCommand(t.ctx(), (tx) => loadPeopleFixtures(tx));
    expect(first).toBeGreaterThan(7_000);
    expect(await runCommand(t.ctx(), (tx) => loadPeopleFixtures(tx))).toBe(0);
    // The reference reads the recorded events in applied order: the input, not the SQL's derivation.
    events = await t.dataSource.query<RefEvent[]>(
      `SELECT person_id AS "personId", type, to_char(event_date, 'YYYY-MM-DD') AS date, category, route,
              municipality_code AS "municipalityCode", from_code AS "fromCode", to_code AS "toCode"
         FROM person_events WHERE status = 'APPLIED' ORDER BY applied_seq`,
    );
  });

  it('is realistic: most asylum status holders wait in reception, people cluster in the large cities', async () => {
    const [s] = await t.dataSource.query<
      [{ people: number; reception_starts: number; family_in_municipality: number; moves: number; big4_housed: number; housed: number }]
    >(
      `SELECT count(DISTINCT person_id)::int AS people,
              count(*) FILTER (WHERE type = 'OBLIGATION_STARTED' AND category = 'ASIELSTATUSHOUDER' AND municipality_code IS NULL)::int AS reception_starts,
              count(*) FILTER (WHERE type = 'OBLIGATION_STARTED' AND category <> 'ASIELSTATUSHOUDER' AND municipality_code IS NOT NULL)::int AS family_in_municipality,
              count(*) FILTER (WHERE type = 'MOVED')::int AS moves,
              count(*) FILTER (WHERE type = 'HOUSED' AND municipality_code IN ('GM0363', 'GM0599', 'GM0518', 'GM0344'))::int AS big4_housed,
              count(*) FILTER (WHERE type = 'HOUSED')::int AS housed
         FROM person_events`,
    );
    expect(s.people).toBe(PEOPLE_FIXTURE.people);
    expect(s.reception_starts / s.people).toBeGreaterThan(0.55);
    expect(s.family_in_municipality / s.people).toBeGreaterThan(0.25);
    expect(s.moves).toBeGreaterThan(300);
    // The four largest cities hold about 13% of the population; housing clusters there more.
    expect(s.big4_housed / s.housed).toBeGreaterThan(0.13);
  });

  it.each(['PEILDATUM', 'PRO_RATA_DAYS', 'FIRST_OF_MONTH', 'FIRST_MUNICIPALITY'] as Rule[])(
    '%s 2026 equals the day-by-day computation',
    async (rule) => {
      const divisor = rule === 'PRO_RATA_DAYS' || rule === 'FIRST_MUNICIPALITY' ? 365 : rule === 'FIRST_OF_MONTH' ? 12 : 1;
      const { rows } = await attributeYear(t.ctx(), { year: 2026, rule });
      const sql = Object.fromEntries(rows.map((r) => [`${r.municipalityCode}|${r.category}|${r.route ?? ''}`, r.value]));
      const ref = Object.fromEntries(
        [...referenceAttribution(events, 2026, rule)].filter(([, n]) => n > 0).map(([k, n]) => [k, toValue(n, divisor)]),
      );
      expect(Object.keys(sql).length).toBeGreaterThan(100);
      expect(sql).toEqual(ref);
    },
  );
});
