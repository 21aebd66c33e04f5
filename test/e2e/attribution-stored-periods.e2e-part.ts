import { createTestApp, type TestApp } from '../helpers/test-app';
import {
  generatePopulation,
  importPersonEvents,
  loadHistoryFixtures,
  loadPeopleFixtures,
  readMunicipalitiesForGenerator,
  runAttribution,
} from '../../src/modules/people';
import { ATTRIBUTION_RULES, attributionSql, divisorFor, type AttributionRule } from '../../src/modules/people/attribution.sql';
import { resultHash } from '../../src/modules/people/attribution.service';
import { periodsCurrent, refreshPersonPeriods, storedPeriodsSelectSql } from '../../src/modules/people/person-periods';
import { listMergers, registerMerger } from '../../src/modules/municipalities';
import { runCommand } from '../../src/common/db/run-command';
import { PERSON_PERIODS_BACKFILL } from '../../migrations/1797310000000-PersonPeriods';

/**
 * Decision 1740: attribution reads the stored periods (person_periods, kept by the import) instead
 * of deriving them from the events with window passes. Per rule and year, on generated populations
 * imported in several batches (people whose history grows across batches), the national history
 * fixture, the 5,000-person fixture and merger chains in force, the stored form gives exactly the
 * rows of the window form; runs use it; the stored periods are exactly the derived ones (and the
 * migration's backfill gives them too); events written around the import make attribution fall back
 * to the events until the periods are rebuilt.
 */
type Row = { municipality_code: string; category: string; route: string; units: string; value: string };
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027];

describe('attribution over stored periods', () => {
  let t: TestApp;

  const mergerParams = async (year: number) => {
    const m = (await listMergers({ ...t.ctx(), actor: null }))
      .filter((x) => x.effectiveDate <= `${year}-01-01`)
      .sort((a, b) => a.dissolvedCode.localeCompare(b.dissolvedCode));
    return [m.map((x) => x.dissolvedCode), m.map((x) => x.successorCode), m.map((x) => x.effectiveDate)];
  };
  const attribute = async (rule: AttributionRule, year: number, source: 'stored' | 'events') =>
    await t.dataSource.query<Row[]>(attributionSql(rule, source), [
      `${year}-01-01`,
      `${year}-12-31`,
      divisorFor(rule, year),
      ...(await mergerParams(year)),
    ]);
  /** Stored periods that the events do not give, and derived periods that are not stored. */
  const periodDifferences = async () =>
    await t.dataSource.query<[{ missing: number; extra: number; stored: number }]>(
      `WITH derived AS (${storedPeriodsSelectSql('TRUE')})
       SELECT (SELECT count(*) FROM (SELECT * FROM derived EXCEPT ALL SELECT * FROM person_periods) x)::int AS missing,
              (SELECT count(*) FROM (SELECT * FROM person_periods EXCEPT ALL SELECT * FROM derived) x)::int AS extra,
              (SELECT count(*) FROM person_periods)::int AS stored`,
    );
  const eventState = async () =>
    (
      await t.dataSource.query<[{ watermark: string; applied: number }]>(
        `SELECT COALESCE(max(applied_seq), 0)::text AS watermark, count(*)::int AS applied FROM person_events WHERE status = 'APPLIED'`,
      )
    )[0];

  beforeAll(async () => {
    t = await createTestApp();
    const municipalities = readMunicipalitiesForGenerator();
    const ctx = t.ctx();
    // A: many movers over three years, one batch.
    const a = [
      ...generatePopulation({ people: 1500, year: 2025, seed: 11, moverShare: 0.7, until: '2027-12-31', prefix: 'spa', municipalities }),
    ];
    await importPersonEvents(ctx, { batchKey: 'stored-periods:a', events: a as unknown as Record<string, unknown>[] });
    // B: the same people's histories in two batches, so the second one changes stored periods.
    const b = [
      ...generatePopulation({ people: 1500, year: 2026, seed: 12, moverShare: 0.5, until: '2027-12-31', prefix: 'spb', municipalities }),
    ];
    await importPersonEvents(ctx, {
      batchKey: 'stored-periods:b1',
      events: b.filter((e) => e.date <= '2026-09-30') as unknown as Record<string, unknown>[],
    });
    await importPersonEvents(ctx, {
      batchKey: 'stored-periods:b2',
      events: b.filter((e) => e.date > '2026-09-30') as unknown as Record<string, unknown>[],
    });
    await runCommand(ctx, (tx) => loadHistoryFixtures(tx, { fromYear: 2019, toYear: 2026, seed: 2019, scale: 0.01 }));
    await runCommand(ctx, (tx) => loadPeopleFixtures(tx));
    // A merger chain: X into Y from 2025, Y into Z from 2027, between municipalities that hold people.
    const top = await t.dataSource.query<{ code: string }[]>(
      `SELECT code FROM person_periods GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 3`,
    );
    const [x, y, z] = top.map((r) => r.code);
    await registerMerger(ctx, { dissolvedCodes: [x!], successorCode: y!, effectiveDate: '2025-01-01' });
    await registerMerger(ctx, { dissolvedCodes: [y!], successorCode: z!, effectiveDate: '2027-01-01' });
  }, 900_000);
  afterAll(() => t?.close());

  it('stores exactly the periods the events give, after batches that extend earlier histories', async () => {
    const [d] = await periodDifferences();
    expect(d.stored).toBeGreaterThan(10_000);
    expect({ missing: d.missing, extra: d.extra }).toEqual({ missing: 0, extra: 0 });
    const s = await eventState();
    expect(await periodsCurrent(t.ctx(), s.watermark, s.applied)).toBe(true);
  });

  it.each(ATTRIBUTION_RULES)(
    '%s: the stored periods give the same rows as the window passes over the events, every year 2019-2027',
    async (rule) => {
      let nonEmpty = 0;
      for (const year of YEARS) {
        const stored = await attribute(rule, year, 'stored');
        const events = await attribute(rule, year, 'events');
        expect(stored).toEqual(events);
        nonEmpty += stored.length > 0 ? 1 : 0;
      }
      expect(nonEmpty).toBeGreaterThanOrEqual(rule === 'EDUCATION_ROUTE' ? 5 : 7);
    },
    300_000,
  );

  it('a run uses the stored periods and stores the same result as the events give', async () => {
    const s = await eventState();
    expect(await periodsCurrent(t.ctx(), s.watermark, s.applied)).toBe(true);
    for (const rule of ATTRIBUTION_RULES) {
      const run = await runAttribution(t.ctx(), { year: 2026, rule });
      expect(run.resultHash).toBe(resultHash(await attribute(rule, 2026, 'events')));
    }
  }, 300_000);

  it("the migration's backfill gives exactly the periods the import keeps", async () => {
    const before = await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM person_periods');
    await t.dataSource.transaction(async (em) => {
      await em.query('DELETE FROM person_periods');
      await em.query(PERSON_PERIODS_BACKFILL);
    });
    const [d] = await periodDifferences();
    expect({ missing: d.missing, extra: d.extra, stored: d.stored }).toEqual({ missing: 0, extra: 0, stored: before[0]!.n });
  });

  it('falls back to the events when events were written around the import, until the periods are rebuilt', async () => {
    const ctx = t.ctx();
    await t.dataSource.query(
      `INSERT INTO person_events (event_id, person_id, type, event_date, category, route, municipality_code, source, source_recorded_at,
                                  recorded_seq, status, applied_seq, batch_key, content_hash)
       SELECT 'around-1', 'around-person-1', 'OBLIGATION_STARTED', '2026-02-01', 'GEZINSMIGRANT', 'B1', $1, 'BRP', now(),
              (SELECT max(recorded_seq) + 1 FROM person_events), 'APPLIED', (SELECT max(applied_seq) + 1 FROM person_events), 'around', repeat('0', 64)`,
      ['GM0363'],
    );
    let s = await eventState();
    expect(await periodsCurrent(ctx, s.watermark, s.applied)).toBe(false);
    const run = await runAttribution(ctx, { year: 2026, rule: 'PRO_RATA_DAYS' });
    expect(run.replayed).toBe(false);
    expect(run.resultHash).toBe(resultHash(await attribute('PRO_RATA_DAYS', 2026, 'events')));
    expect(run.resultHash).not.toBe(resultHash(await attribute('PRO_RATA_DAYS', 2026, 'stored')));
    await runCommand(ctx, (tx) => refreshPersonPeriods(tx, null));
    s = await eventState();
    expect(await periodsCurrent(ctx, s.watermark, s.applied)).toBe(true);
    expect(resultHash(await attribute('PRO_RATA_DAYS', 2026, 'stored'))).toBe(run.resultHash);
    const [d] = await periodDifferences();
    expect({ missing: d.missing, extra: d.extra }).toEqual({ missing: 0, extra: 0 });
  });
});
