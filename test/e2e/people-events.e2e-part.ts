import { createTestApp, codes, type TestApp } from '../helpers/test-app';
import { importPersonEvents } from '../../src/modules/people';
import { readEventFile } from '../../src/modules/people/event-file.reader';
import { periodsCurrent, storedPeriodsSelectSql } from '../../src/modules/people/person-periods';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const IMPORT = `mutation($input: ImportPersonEventsInput!) {
  importPersonEvents(input: $input) { batchKey received applied pending unchanged released replayed } }`;
const at = '2026-06-01T10:00:00+02:00';
let n = 0;
const ev = (personId: string, e: Record<string, unknown>) => ({
  eventId: `e2e-${(n += 1)}`,
  personId,
  source: 'BRP',
  sourceRecordedAt: at,
  ...e,
});
const tableCounts = async () =>
  await t.dataSource.query<[{ events: number; batches: number; sources: number }]>(
    `SELECT (SELECT count(*) FROM person_events)::int AS events, (SELECT count(*) FROM person_event_batches)::int AS batches,
            (SELECT count(*) FROM person_event_sources)::int AS sources`,
  );

interface Rejection {
  extensions: { code: string; lines: { line: number; field: string; code: string }[] };
}

describe('importing person events', () => {
  const alice = 'alice-0001';
  const base = [
    ev(alice, { type: 'OBLIGATION_STARTED', date: '2026-01-10', category: 'GEZINSMIGRANT', route: 'B1', municipalityCode: 'GM0363' }),
    ev(alice, { type: 'MOVED', date: '2026-03-01', fromCode: 'GM0363', toCode: 'GM0344' }),
  ];

  it('applies a consistent batch, and replays it as a no-op', async () => {
    const r = await t.ok<{ importPersonEvents: Record<string, unknown> }>(IMPORT, { input: { batchKey: 'b1', events: base } });
    expect(r.importPersonEvents).toMatchObject({ received: 2, applied: 2, pending: 0, replayed: false });
    const again = await t.ok<{ importPersonEvents: Record<string, unknown> }>(IMPORT, { input: { batchKey: 'b1', events: base } });
    expect(again.importPersonEvents).toMatchObject({ replayed: true, applied: 2 });
    const sameIdsNewBatch = await t.ok<{ importPersonEvents: Record<string, unknown> }>(IMPORT, {
      input: { batchKey: 'b1-again', events: base },
    });
    expect(sameIdsNewBatch.importPersonEvents).toMatchObject({ applied: 0, unchanged: 2 });
  });

  it('refuses the same event id with other content, and the same batch key with other content', async () => {
    const changed = [{ ...base[1], toCode: 'GM0518' }];
    const r = await t.gql(IMPORT, { input: { batchKey: 'b2', events: changed } });
    expect(codes(r)).toEqual(['BATCH_REJECTED']);
    expect((r.errors?.[0] as unknown as Rejection).extensions.lines).toEqual([
      expect.objectContaining({ line: 1, code: 'EVENT_ID_REUSED' }),
    ]);
    const reuse = await t.gql(IMPORT, { input: { batchKey: 'b1', events: changed } });
    expect(codes(reuse)).toEqual(['CONFLICT']);
    expect(reuse.errors?.[0]?.extensions?.reason).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses contradicting events with their reason and writes nothing for a batch with one bad line', async () => {
    const before = await tableCounts();
    const bob = 'bob-00000002';
    const r = await t.gql(IMPORT, {
      input: {
        batchKey: 'b3',
        events: [
          ev(bob, { type: 'OBLIGATION_STARTED', date: '2026-02-01', category: 'ASIELSTATUSHOUDER' }),
          ev(bob, { type: 'HOUSED', date: '2026-03-01', municipalityCode: 'GM0599' }),
          ev(alice, { type: 'MOVED', date: '2026-04-01', fromCode: 'GM0363', toCode: 'GM0518' }), // alice is in GM0344
          ev(alice, { type: 'OBLIGATION_STARTED', date: '2026-05-01', category: 'OVERIG', municipalityCode: 'GM0344' }), // already obliged
          ev('carol-00003', { type: 'OBLIGATION_ENDED', date: '2026-01-01', endReason: 'COMPLETED' }), // end before any start
          ev(bob, { type: 'HOUSED', date: '2026-06-01', municipalityCode: 'GM0363' }), // housed while housed
          ev('123456789', { type: 'OBLIGATION_STARTED', date: '2026-01-01', category: 'OVERIG' }), // a BSN-like id
          ev('dave-000004', { type: 'HOUSED', date: '2026-02-30', municipalityCode: 'GM9999' }),
        ],
      },
    });
    expect(codes(r)).toEqual(['BATCH_REJECTED']);
    const lines = (r.errors?.[0] as unknown as Rejection).extensions.lines.map((l) => [l.line, l.code]);
    expect(lines).toEqual([
      [3, 'NOT_IN_MUNICIPALITY'],
      [4, 'ALREADY_OBLIGED'],
      [5, 'NOT_OBLIGED'],
      [6, 'ALREADY_HOUSED'],
      [7, 'INVALID_PSEUDONYM'],
      [8, 'INVALID_FIELD'],
    ]);
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses a back-dated event that would break a later one', async () => {
    const r = await t.gql(IMPORT, {
      input: { batchKey: 'b4', events: [ev(alice, { type: 'OBLIGATION_ENDED', date: '2026-02-01', endReason: 'OTHER' })] },
    });
    expect(codes(r)).toEqual(['BATCH_REJECTED']);
    expect((r.errors?.[0] as unknown as Rejection).extensions.lines[0]).toMatchObject({ line: 1, code: 'NOT_OBLIGED' });
  });

  it('holds events of an out-of-order source until they fit, and they never count while pending', async () => {
    await t.ok(`mutation { registerPersonEventSource(input: { code: "COA-LATE", outOfOrder: true }) { code outOfOrder } }`);
    const sources = await t.ok<{ personEventSources: { code: string; outOfOrder: boolean }[] }>(
      `{ personEventSources { code outOfOrder } }`,
    );
    expect(sources.personEventSources).toEqual([
      { code: 'BRP', outOfOrder: false },
      { code: 'COA-LATE', outOfOrder: true },
    ]);
    const erin = 'erin-000005';
    const late = (e: Record<string, unknown>) => ({ ...ev(erin, e), source: 'COA-LATE' });
    const moveFirst = await t.ok<{ importPersonEvents: Record<string, unknown> }>(IMPORT, {
      input: { batchKey: 'b5', events: [late({ type: 'MOVED', date: '2026-05-01', fromCode: 'GM0599', toCode: 'GM0772' })] },
    });
    expect(moveFirst.importPersonEvents).toMatchObject({ applied: 0, pending: 1 });
    const pending = await t.ok<{ pendingPersonEvents: { totalCount: number; edges: { node: { personId: string; status: string } }[] } }>(
      `{ pendingPersonEvents(first: 10) { totalCount edges { node { personId status } } } }`,
    );
    expect(pending.pendingPersonEvents.edges.map((e) => e.node)).toEqual([{ personId: erin, status: 'PENDING' }]);
    const view = await t.ok<{ peopleInView: { totalCount: number } }>(
      `{ peopleInView(municipalityCode: "GM0772", date: "2026-06-01") { totalCount } }`,
    );
    expect(view.peopleInView.totalCount).toBe(0);
    const rest = await t.ok<{ importPersonEvents: Record<string, unknown> }>(IMPORT, {
      input: {
        batchKey: 'b6',
        events: [
          late({ type: 'HOUSED', date: '2026-03-01', municipalityCode: 'GM0599' }), // before its start: held too
          late({ type: 'OBLIGATION_STARTED', date: '2026-02-01', category: 'ASIELSTATUSHOUDER' }),
        ],
      },
    });
    expect(rest.importPersonEvents).toMatchObject({ applied: 2, pending: 0, released: 1 });
    const history = await t.ok<{
      personHistory: { events: { status: string }[]; periods: { municipalityCode: string; startDate: string; endDate: string | null }[] };
    }>(`{ personHistory(personId: "${erin}") { events { status } periods { municipalityCode startDate endDate } } }`);
    expect(history.personHistory.events.every((e) => e.status === 'APPLIED')).toBe(true);
    expect(history.personHistory.periods).toEqual([
      { municipalityCode: 'GM0599', startDate: '2026-03-01', endDate: '2026-04-30' },
      { municipalityCode: 'GM0772', startDate: '2026-05-01', endDate: null },
    ]);
  });

  it('reports bad lines of a CSV file by their file line number and writes nothing', async () => {
    const before = await tableCounts();
    const csv = [
      'eventId,personId,type,date,category,route,municipalityCode,fromCode,toCode,endReason,source,sourceRecordedAt',
      'f1,file-person-1,OBLIGATION_STARTED,2026-01-05,GEZINSMIGRANT,,GM0363,,,,BRP,2026-01-06T09:00:00Z',
      '',
      'f2,file-person-1,MOVED,2026-03-01,,,,GM0344,GM0518,,BRP,2026-03-02T09:00:00Z',
      'f3,file-person-2,OBLIGATION_STARTED,2026-03-01,OVERIG,,GM0363,,,,BRP,2026-03-02T09:00:00Z',
    ].join('\n');
    const file = readEventFile('events.csv', csv);
    await expect(importPersonEvents(t.ctx(), { batchKey: 'file-1', events: file.events, lines: file.lines })).rejects.toMatchObject({
      extensions: { code: 'BATCH_REJECTED', lines: [expect.objectContaining({ line: 4, code: 'NOT_IN_MUNICIPALITY' })] },
    });
    expect(await tableCounts()).toEqual(before);
  });

  it('serialises concurrent batches: of two housings of one person exactly one applies', async () => {
    await t.ok(IMPORT, {
      input: {
        batchKey: 'race-0',
        events: [ev('race-person-1', { type: 'OBLIGATION_STARTED', date: '2030-01-01', category: 'ASIELSTATUSHOUDER' })],
      },
    });
    const results = await Promise.all(
      ['GM0363', 'GM0344', 'GM0518', 'GM0599'].map((code, i) =>
        t.gql(IMPORT, {
          input: {
            batchKey: `race-${i + 1}`,
            events: [ev('race-person-1', { type: 'HOUSED', date: '2030-02-01', municipalityCode: code })],
          },
        }),
      ),
    );
    expect(results.filter((r) => !r.errors).length).toBe(1);
    expect(results.filter((r) => codes(r)[0] === 'BATCH_REJECTED').length).toBe(3);
    const rows = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM person_events WHERE person_id = 'race-person-1' AND type = 'HOUSED'`,
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('records the handovers of a zero-day holder without giving it a period', async () => {
    const z = (e: Record<string, unknown>) => ev('zero-day-01', e);
    await t.ok(IMPORT, {
      input: {
        batchKey: 'zero-day',
        events: [
          z({ type: 'OBLIGATION_STARTED', date: '2026-08-01', category: 'OVERIG', municipalityCode: 'GM0014' }),
          z({ type: 'MOVED', date: '2026-09-01', fromCode: 'GM0014', toCode: 'GM0034' }),
          z({ type: 'MOVED', date: '2026-09-01', fromCode: 'GM0034', toCode: 'GM0037' }),
        ],
      },
    });
    const h = await t.ok<{ handovers: Record<string, unknown>[] }>(
      `{ handovers(from: "2026-09-01", to: "2026-09-30", municipalityCodes: ["GM0034"]) { municipalityCode received handedOver personDays moversShare } }`,
    );
    expect(h.handovers).toEqual([{ municipalityCode: 'GM0034', received: 1, handedOver: 1, personDays: 0, moversShare: null }]);
    const history = await t.ok<{ personHistory: { periods: { municipalityCode: string; endDate: string | null }[] } }>(
      `{ personHistory(personId: "zero-day-01") { periods { municipalityCode endDate } } }`,
    );
    expect(history.personHistory.periods).toEqual([
      { municipalityCode: 'GM0014', endDate: '2026-08-31' },
      { municipalityCode: 'GM0037', endDate: null },
    ]);
  });

  it('refuses to change or delete a recorded event', async () => {
    await expect(t.dataSource.query(`UPDATE person_events SET event_date = '2026-01-01' WHERE person_id = 'alice-0001'`)).rejects.toThrow(
      /PENDING to APPLIED/,
    );
    await expect(t.dataSource.query(`DELETE FROM person_events`)).rejects.toThrow(/append-only/);
  });
});

describe('views, handovers and who may see them', () => {
  it('lists who is in view, in reception, the housing delay and the handovers', async () => {
    const view = await t.ok<{ peopleInView: { edges: { node: { personId: string; category: string; route: string } }[] } }>(
      `{ peopleInView(municipalityCode: "GM0344", date: "2026-06-01") { edges { node { personId category route startDate } } } }`,
    );
    expect(view.peopleInView.edges.map((e) => e.node.personId)).toEqual(['alice-0001']);
    const late = (e: Record<string, unknown>) => ev('frank-00006', e);
    await t.ok(IMPORT, {
      input: { batchKey: 'b7', events: [late({ type: 'OBLIGATION_STARTED', date: '2026-04-01', category: 'ASIELSTATUSHOUDER' })] },
    });
    const reception = await t.ok<{
      peopleInReception: { totalCount: number; longestDays: number; edges: { node: { personId: string; daysWaiting: number } }[] };
    }>(`{ peopleInReception(date: "2026-04-30") { totalCount longestDays edges { node { personId daysWaiting } } } }`);
    expect(reception.peopleInReception.edges.map((e) => e.node)).toEqual([{ personId: 'frank-00006', daysWaiting: 30 }]);
    const delay = await t.ok<{ housingDelay: Record<string, unknown> }>(
      `{ housingDelay(from: "2026-01-01", to: "2026-12-31") { count minDays p50Days maxDays meanDays buckets { label count } } }`,
    );
    // erin: 2026-02-01 -> housed 2026-03-01 = 28 days.
    expect(delay.housingDelay).toMatchObject({ count: 1, minDays: 28, p50Days: 28, maxDays: 28, meanDays: '28.00' });
    const h = await t.ok<{ handovers: Record<string, unknown>[] }>(
      `{ handovers(from: "2026-01-01", to: "2026-06-30", municipalityCodes: ["GM0344", "GM0363"]) { municipalityCode received handedOver personDays moverPersonDays moversShare } }`,
    );
    // alice: GM0363 10 Jan..28 Feb (50 days), moved to GM0344 1 Mar..30 Jun (122 days); both days of a mover.
    expect(h.handovers).toEqual([
      { municipalityCode: 'GM0344', received: 1, handedOver: 0, personDays: 122, moverPersonDays: 122, moversShare: '1.000000' },
      { municipalityCode: 'GM0363', received: 0, handedOver: 1, personDays: 50, moverPersonDays: 50, moversShare: '1.000000' },
    ]);
  });

  it('never shows a controller another municipality’s people, by any path', async () => {
    const own = await t.tokens.controller('GM0363');
    const forbidden = [
      `{ peopleInView(municipalityCode: "GM0344", date: "2026-06-01") { totalCount } }`,
      `{ municipalityPeriods(municipalityCode: "GM0344", from: "2026-01-01", to: "2026-12-31") { totalCount } }`,
      `{ handovers(from: "2026-01-01", to: "2026-12-31", municipalityCodes: ["GM0344"]) { municipalityCode } }`,
      `{ personHistory(personId: "alice-0001") { personId } }`,
      `{ peopleInReception(date: "2026-04-30") { totalCount } }`,
      `{ pendingPersonEvents(first: 5) { totalCount } }`,
      `{ housingDelay(from: "2026-01-01", to: "2026-12-31") { count } }`,
    ];
    for (const q of forbidden) {
      expect(codes(await t.gql(q, {}, own))).toEqual(['FORBIDDEN']);
    }
    const mine = await t.ok<{ handovers: { municipalityCode: string }[]; peopleInView: { edges: { node: { personId: string } }[] } }>(
      `{ handovers(from: "2026-01-01", to: "2026-12-31") { municipalityCode } peopleInView(municipalityCode: "GM0363", date: "2026-02-01") { edges { node { personId } } } }`,
      {},
      own,
    );
    expect(mine.handovers.map((h) => h.municipalityCode)).toEqual(['GM0363']);
    expect(mine.peopleInView.edges.map((e) => e.node.personId)).toEqual(['alice-0001']);
    const run = await t.ok<{ runAttribution: { id: string } }>(`mutation { runAttribution(year: 2026, rule: PRO_RATA_DAYS) { id } }`);
    const counts = await t.ok<{ attributedCounts: { municipalityCode: string }[] }>(
      `{ attributedCounts(runId: "${run.runAttribution.id}") { municipalityCode } }`,
      {},
      own,
    );
    expect(new Set(counts.attributedCounts.map((c) => c.municipalityCode))).toEqual(new Set(['GM0363']));
    expect(
      codes(await t.gql(`{ attributedCounts(runId: "${run.runAttribution.id}", municipalityCodes: ["GM0344"]) { value } }`, {}, own)),
    ).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(`mutation { runAttribution(year: 2026, rule: PEILDATUM) { id } }`, {}, own))).toEqual(['FORBIDDEN']);
  });

  it('stores a run with its event state and replays it while the state is unchanged', async () => {
    const q = `mutation { runAttribution(year: 2026, rule: FIRST_OF_MONTH) { id eventWatermark appliedEventCount stateHash replayed } }`;
    const a = await t.ok<{ runAttribution: { id: string; replayed: boolean; appliedEventCount: number } }>(q);
    const b = await t.ok<{ runAttribution: { id: string; replayed: boolean } }>(q);
    expect(b.runAttribution).toMatchObject({ id: a.runAttribution.id, replayed: true });
    expect(a.runAttribution.appliedEventCount).toBeGreaterThan(0);
    await t.ok(IMPORT, {
      input: {
        batchKey: 'b8',
        events: [ev('gina-000007', { type: 'OBLIGATION_STARTED', date: '2026-03-03', category: 'OVERIG', municipalityCode: 'GM0014' })],
      },
    });
    const c = await t.ok<{ runAttribution: { id: string; replayed: boolean } }>(q);
    expect(c.runAttribution.replayed).toBe(false);
    expect(c.runAttribution.id).not.toBe(a.runAttribution.id);
  });
});

describe('stored periods (decision 1740)', () => {
  it('after every import above (GraphQL, CSV, pending events released, concurrent batches) equal the periods the events give', async () => {
    const [d] = await t.dataSource.query<[{ missing: number; extra: number; stored: number }]>(
      `WITH derived AS (${storedPeriodsSelectSql('TRUE')})
       SELECT (SELECT count(*) FROM (SELECT * FROM derived EXCEPT ALL SELECT * FROM person_periods) x)::int AS missing,
              (SELECT count(*) FROM (SELECT * FROM person_periods EXCEPT ALL SELECT * FROM derived) x)::int AS extra,
              (SELECT count(*) FROM person_periods)::int AS stored`,
    );
    expect(d).toEqual({ missing: 0, extra: 0, stored: expect.any(Number) as number });
    expect(d.stored).toBeGreaterThan(0);
    const [s] = await t.dataSource.query<[{ watermark: string; applied: number }]>(
      `SELECT COALESCE(max(applied_seq), 0)::text AS watermark, count(*)::int AS applied FROM person_events WHERE status = 'APPLIED'`,
    );
    expect(await periodsCurrent(t.ctx(), s.watermark, s.applied)).toBe(true);
  });
});
