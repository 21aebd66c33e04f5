import { createTestApp, codes, type TestApp } from '../helpers/test-app';
import { generatePopulation, importPersonEvents, loadHistoryFixtures, readMunicipalitiesForGenerator } from '../../src/modules/people';
import {
  listMunicipalityPeriods,
  listReception,
  periodPagesInFlight,
  receptionPagesInFlight,
} from '../../src/modules/people/people.queries';
import { refreshPersonPeriods, storedReceptionSelectSql } from '../../src/modules/people/person-periods';
import { registerMerger } from '../../src/modules/municipalities';
import { runCommand } from '../../src/common/db/run-command';
import { Role } from '../../src/common/auth/actor';
import { PERSON_RECEPTION_PERIODS_BACKFILL } from '../../migrations/1797400000000-PersonReceptionPeriods';

/**
 * Decision 1830: the console's reception view and a municipality's periods (peopleInView,
 * municipalityPeriods) read the stored periods and reception stretches when they are current for
 * the events, and otherwise derive them from the events as before. On generated populations
 * imported in batches that extend earlier histories (reception waits, obligations ended in
 * reception, same-day chains), the national history fixture and a merger chain, every page, total
 * and longest wait equals the computation from the events; events written around the import make
 * the reads fall back to the events until the periods are rebuilt; and the stored rows are read
 * indeed (a stored row removed changes the answer while the state says current).
 */
const DATES = ['2019-06-30', '2020-12-31', '2022-03-15', '2024-01-01', '2025-06-30', '2026-06-30', '2027-01-01', '2027-12-31'];

describe('console reads over stored periods', () => {
  let t: TestApp;
  let busiest: string[] = [];
  let merged: { x: string; y: string; z: string };

  const reception = (date: string, after: string | null, source?: 'stored' | 'events') =>
    listReception(t.ctx(Role.AUDITOR), { date, first: 20, after }, { source });
  const periods = (code: string, from: string, to: string, after: string | null, source?: 'stored' | 'events', first = 25) =>
    listMunicipalityPeriods(t.ctx(), { municipalityCode: code, from, to, first, after }, { source });
  /** Stored stretches that the events do not give, and derived ones that are not stored. */
  const receptionDifferences = async () =>
    (
      await t.dataSource.query<[{ missing: number; extra: number; stored: number }]>(
        `WITH derived AS (${storedReceptionSelectSql('TRUE')})
         SELECT (SELECT count(*) FROM (SELECT * FROM derived EXCEPT ALL SELECT * FROM person_reception_periods) x)::int AS missing,
                (SELECT count(*) FROM (SELECT * FROM person_reception_periods EXCEPT ALL SELECT * FROM derived) x)::int AS extra,
                (SELECT count(*) FROM person_reception_periods)::int AS stored`,
      )
    )[0];

  beforeAll(async () => {
    t = await createTestApp();
    const municipalities = readMunicipalitiesForGenerator();
    const ctx = t.ctx();
    const a = [
      ...generatePopulation({ people: 1200, year: 2025, seed: 31, moverShare: 0.7, until: '2027-12-31', prefix: 'csa', municipalities }),
    ];
    await importPersonEvents(ctx, { batchKey: 'console-stored:a', events: a as unknown as Record<string, unknown>[] });
    // The same people's histories in two batches: the second extends (and ends) stretches the first stored.
    const b = [
      ...generatePopulation({ people: 1200, year: 2026, seed: 32, moverShare: 0.5, until: '2027-12-31', prefix: 'csb', municipalities }),
    ];
    await importPersonEvents(ctx, {
      batchKey: 'console-stored:b1',
      events: b.filter((e) => e.date <= '2026-06-30') as unknown as Record<string, unknown>[],
    });
    await importPersonEvents(ctx, {
      batchKey: 'console-stored:b2',
      events: b.filter((e) => e.date > '2026-06-30') as unknown as Record<string, unknown>[],
    });
    await runCommand(ctx, (tx) => loadHistoryFixtures(tx, { fromYear: 2019, toYear: 2026, seed: 2019, scale: 0.01 }));
    const top = await t.dataSource.query<{ code: string }[]>(
      `SELECT code FROM person_periods GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 5`,
    );
    busiest = top.map((r) => r.code);
    // A merger chain between busy municipalities: x into y from 2025-01-01, y into z from 2027-01-01.
    merged = { x: busiest[2]!, y: busiest[3]!, z: busiest[4]! };
    await registerMerger(ctx, { dissolvedCodes: [merged.x], successorCode: merged.y, effectiveDate: '2025-01-01' });
    await registerMerger(ctx, { dissolvedCodes: [merged.y], successorCode: merged.z, effectiveDate: '2027-01-01' });
  }, 900_000);
  afterAll(() => t?.close());

  it('stores exactly the reception stretches the events give, and the migration backfill gives them too', async () => {
    const d = await receptionDifferences();
    expect(d.stored).toBeGreaterThan(1_000);
    expect({ missing: d.missing, extra: d.extra }).toEqual({ missing: 0, extra: 0 });
    await t.dataSource.transaction(async (em) => {
      await em.query('DELETE FROM person_reception_periods');
      await em.query(PERSON_RECEPTION_PERIODS_BACKFILL);
    });
    expect(await receptionDifferences()).toEqual(d);
  });

  it('the reception view gives the same pages, totals and longest wait as the events, on every date', async () => {
    let waiting = 0;
    for (const date of DATES) {
      let after: string | null = null;
      for (let page = 0; page < 3; page += 1) {
        const stored = await reception(date, after);
        const events = await reception(date, after, 'events');
        expect(stored).toEqual(events);
        waiting = Math.max(waiting, stored.totalCount);
        if (!stored.pageInfo.hasNextPage) {
          break;
        }
        after = stored.pageInfo.endCursor;
      }
    }
    expect(waiting).toBeGreaterThan(40);
  }, 300_000);

  it("a municipality's periods (on a date and over a range, merged municipalities too) are the same as from the events", async () => {
    let ended = 0;
    let rows = 0;
    const codes = [busiest[0]!, busiest[1]!, merged.x, merged.y, merged.z];
    const ranges: [string, string][] = [
      ...DATES.map((d): [string, string] => [d, d]),
      ['2024-01-01', '2026-12-31'],
      ['2019-01-01', '2027-12-31'],
    ];
    for (const code of codes) {
      for (const [from, to] of ranges) {
        let after: string | null = null;
        for (let page = 0; page < 2; page += 1) {
          const stored = await periods(code, from, to, after);
          const events = await periods(code, from, to, after, 'events');
          expect(stored).toEqual(events);
          rows += stored.edges.length;
          ended += stored.edges.filter((e) => e.node.obligationEnd !== null).length;
          if (!stored.pageInfo.hasNextPage) {
            break;
          }
          after = stored.pageInfo.endCursor;
        }
      }
    }
    expect(rows).toBeGreaterThan(500);
    expect(ended).toBeGreaterThan(50);
  }, 300_000);

  it('keeps the controller to its own municipality, and reception to the ministry', async () => {
    const own = busiest[0]!;
    const ctl = t.ctx(Role.MUNICIPAL_CONTROLLER, own);
    const mine = await listMunicipalityPeriods(ctl, { municipalityCode: own, from: '2026-06-30', to: '2026-06-30', first: 10 });
    expect(mine).toEqual(await periods(own, '2026-06-30', '2026-06-30', null, 'events', 10));
    await expect(
      listMunicipalityPeriods(ctl, { municipalityCode: busiest[1]!, from: '2026-06-30', to: '2026-06-30', first: 10 }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(listReception(ctl, { date: '2026-06-30', first: 10 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const token = await t.tokens.controller(own);
    const q = `query($code: String!) { peopleInView(municipalityCode: $code, date: "2026-06-30", first: 10) { totalCount edges { node { personId } } } }`;
    const r = await t.ok<{ peopleInView: { totalCount: number; edges: { node: { personId: string } }[] } }>(q, { code: own }, token);
    expect(r.peopleInView.totalCount).toBe(mine.totalCount);
    expect(r.peopleInView.edges.map((e) => e.node.personId)).toEqual(mine.edges.map((e) => e.node.personId));
    expect(codes(await t.gql(q, { code: busiest[1]! }, token))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(`{ peopleInReception(date: "2026-06-30", first: 5) { totalCount } }`, {}, token))).toEqual(['FORBIDDEN']);
  });

  it('shares one read between requests for the same page that arrive together, and keeps nothing after', async () => {
    const code = busiest[0]!;
    const input = { municipalityCode: code, from: '2026-06-30', to: '2026-06-30', first: 10 };
    const periodsBefore = periodPagesInFlight.computed;
    const [a, b] = await Promise.all([
      listMunicipalityPeriods(t.ctx(), input),
      listMunicipalityPeriods(t.ctx(Role.MUNICIPAL_CONTROLLER, code), input),
    ]);
    expect(periodPagesInFlight.computed - periodsBefore).toBe(1);
    expect(b).toEqual(a);
    await expect(
      Promise.all([listMunicipalityPeriods(t.ctx(), input), listMunicipalityPeriods(t.ctx(Role.MUNICIPAL_CONTROLLER, busiest[1]), input)]),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(periodPagesInFlight.computed - periodsBefore).toBe(2);
    const receptionBefore = receptionPagesInFlight.computed;
    const [r1, r2] = await Promise.all([reception('2026-06-30', null), reception('2026-06-30', null)]);
    expect(receptionPagesInFlight.computed - receptionBefore).toBe(1);
    expect(r2).toEqual(r1);
    await reception('2026-06-30', null);
    expect(receptionPagesInFlight.computed - receptionBefore).toBe(2);
  });

  it('reads the stored rows while they are current: one removed changes the answer until the rebuild', async () => {
    const date = '2026-06-30';
    const before = await reception(date, null);
    const [victim] = await t.dataSource.query<{ event_id: string }[]>(
      `SELECT event_id FROM person_reception_periods WHERE start_date <= $1::date AND (end_date IS NULL OR end_date >= $1::date) LIMIT 1`,
      [date],
    );
    await t.dataSource.query('DELETE FROM person_reception_periods WHERE event_id = $1', [victim!.event_id]);
    const [period] = await t.dataSource.query<{ event_id: string; code: string }[]>(
      `SELECT event_id, code FROM person_periods WHERE code = $1 AND start_date <= $2::date AND (end_date IS NULL OR end_date >= $2::date) LIMIT 1`,
      [busiest[0], date],
    );
    const viewBefore = await periods(busiest[0]!, date, date, null);
    await t.dataSource.query('DELETE FROM person_periods WHERE event_id = $1', [period!.event_id]);
    expect((await reception(date, null)).totalCount).toBe(before.totalCount - 1);
    expect((await periods(busiest[0]!, date, date, null)).totalCount).toBe(viewBefore.totalCount - 1);
    await runCommand(t.ctx(), (tx) => refreshPersonPeriods(tx, null));
    expect(await reception(date, null)).toEqual(before);
    expect(await periods(busiest[0]!, date, date, null)).toEqual(viewBefore);
  });

  it('falls back to the events when events were written around the import, until the periods are rebuilt', async () => {
    const date = '2026-06-30';
    const code = busiest[0]!;
    const storedBefore = await reception(date, null);
    const viewBefore = await periods(code, date, date, null);
    // Two people written straight into the table (not through the import): one waiting in
    // reception since before the date, one in the municipality; the stored rows know neither.
    await t.dataSource.query(
      `INSERT INTO person_events (event_id, person_id, type, event_date, category, route, municipality_code, source, source_recorded_at,
                                  recorded_seq, status, applied_seq, batch_key, content_hash)
       SELECT v.event_id, v.person_id, 'OBLIGATION_STARTED', '2026-02-01', 'ASIELSTATUSHOUDER', 'B1', v.code, 'COA', now(),
              (SELECT max(recorded_seq) FROM person_events) + v.n, 'APPLIED', (SELECT max(applied_seq) FROM person_events) + v.n, 'around', repeat('0', 64)
         FROM (VALUES ('around-1', '0-around-reception', NULL::varchar, 1), ('around-2', '0-around-municipality', $1::varchar, 2)) AS v(event_id, person_id, code, n)`,
      [code],
    );
    const fallback = await reception(date, null);
    expect(fallback).toEqual(await reception(date, null, 'events'));
    expect(fallback.totalCount).toBe(storedBefore.totalCount + 1);
    expect(fallback.edges[0]!.node.personId).toBe('0-around-reception');
    const view = await periods(code, date, date, null);
    expect(view).toEqual(await periods(code, date, date, null, 'events'));
    expect(view.totalCount).toBe(viewBefore.totalCount + 1);
    expect(view.edges[0]!.node.personId).toBe('0-around-municipality');
    await runCommand(t.ctx(), (tx) => refreshPersonPeriods(tx, null));
    expect(await reception(date, null)).toEqual(fallback);
    expect(await periods(code, date, date, null)).toEqual(view);
    expect((await receptionDifferences()).extra).toBe(0);
  });
});
