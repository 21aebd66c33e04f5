import fc from 'fast-check';
import { applyToPerson, fitEvent, replayHistory, type HistoryEvent } from './person-history.calculator';
import { generatePopulation } from './people.generator';

let n = 0;
const e = (type: HistoryEvent['type'], date: string, extra: Partial<HistoryEvent> = {}): HistoryEvent => ({
  eventId: `e${(n += 1)}`,
  type,
  date,
  municipalityCode: null,
  fromCode: null,
  toCode: null,
  ...extra,
});
const start = (date: string, m: string | null = null) => e('OBLIGATION_STARTED', date, { municipalityCode: m });
const housed = (date: string, m: string) => e('HOUSED', date, { municipalityCode: m });
const moved = (date: string, from: string, to: string) => e('MOVED', date, { fromCode: from, toCode: to });
const ended = (date: string) => e('OBLIGATION_ENDED', date);

describe('fitEvent', () => {
  const history = [start('2026-01-01'), housed('2026-02-01', 'GM0363')];
  it.each([
    ['a move from where the person is', moved('2026-03-01', 'GM0363', 'GM0344'), null],
    ['a move from elsewhere', moved('2026-03-01', 'GM0344', 'GM0518'), 'NOT_IN_MUNICIPALITY'],
    ['a move while in reception', moved('2026-01-15', 'GM0363', 'GM0344'), 'NOT_HOUSED'],
    ['housing while housed', housed('2026-03-01', 'GM0344'), 'ALREADY_HOUSED'],
    ['a start while obliged', start('2026-03-01', 'GM0344'), 'ALREADY_OBLIGED'],
    ['an end before the start', ended('2025-12-31'), 'NOT_OBLIGED'],
    ['an end on the housing day, after it', ended('2026-02-01'), null],
    ['an end that would orphan a later housing', ended('2026-01-20'), 'NOT_OBLIGED'],
  ])('%s', (_name, candidate, code) => {
    expect(fitEvent(history, candidate)?.code ?? null).toBe(code);
  });

  it('refuses a new start on or before the previous end, accepts one after it', () => {
    const done = [start('2026-01-01', 'GM0363'), ended('2026-06-30')];
    expect(fitEvent(done, start('2026-06-30', 'GM0363'))?.code).toBe('STARTS_BEFORE_PREVIOUS_END');
    expect(fitEvent(done, start('2026-07-01', 'GM0363'))).toBeNull();
  });

  it('applies events of one date in order: a same-day chain works only in its order', () => {
    const h = [start('2026-01-01', 'GM0363')];
    const a = moved('2026-05-01', 'GM0363', 'GM0344');
    const b = moved('2026-05-01', 'GM0344', 'GM0518');
    expect(replayHistory([...h, a, b])).toBeNull();
    expect(replayHistory([...h, b, a])?.code).toBe('NOT_IN_MUNICIPALITY');
  });
});

describe('applyToPerson', () => {
  it('holds what does not fit from an out-of-order feed and releases it once it fits', () => {
    const m = moved('2026-05-01', 'GM0363', 'GM0344');
    const first = applyToPerson([], [], [{ event: m, holdIfNotFitting: true }]);
    expect(first.pending).toEqual([m]);
    const s = start('2026-01-01', 'GM0363');
    const second = applyToPerson([], first.pending, [{ event: s, holdIfNotFitting: true }]);
    expect(second.applied).toEqual([s]);
    expect(second.released).toEqual([m]);
    expect(second.applyOrder).toEqual([s, m]);
  });

  it('holds a move that arrives after the end of the obligation on the same day: one date applies in its arrival order', () => {
    const history: HistoryEvent[] = [
      { eventId: 's', type: 'OBLIGATION_STARTED', date: '2025-11-04', municipalityCode: null, fromCode: null, toCode: null },
      { eventId: 'h', type: 'HOUSED', date: '2026-09-17', municipalityCode: 'GM0363', fromCode: null, toCode: null },
    ];
    const end: HistoryEvent = {
      eventId: 'e',
      type: 'OBLIGATION_ENDED',
      date: '2027-06-15',
      municipalityCode: null,
      fromCode: null,
      toCode: null,
    };
    const move: HistoryEvent = {
      eventId: 'm',
      type: 'MOVED',
      date: '2027-06-15',
      municipalityCode: null,
      fromCode: 'GM0363',
      toCode: 'GM0344',
    };
    const late = applyToPerson(
      history,
      [],
      [end, move].map((event) => ({ event, holdIfNotFitting: true })),
    );
    expect({ applied: late.applied.map((e) => e.eventId), pending: late.pending.map((e) => e.eventId) }).toEqual({
      applied: ['e'],
      pending: ['m'],
    });
    const inOrder = applyToPerson(
      history,
      [],
      [move, end].map((event) => ({ event, holdIfNotFitting: true })),
    );
    expect({ applied: inOrder.applied.map((e) => e.eventId), pending: inOrder.pending }).toEqual({ applied: ['m', 'e'], pending: [] });
  });

  it('refuses instead of holding for an in-order feed', () => {
    const out = applyToPerson([], [], [{ event: moved('2026-05-01', 'GM0363', 'GM0344'), holdIfNotFitting: false }]);
    expect(out.refused.map((r) => r.contradiction.code)).toEqual(['NOT_OBLIGED']);
    expect(out.applied).toEqual([]);
  });

  it('property: any arrival order of a valid history from an out-of-order feed ends fully applied and consistent', () => {
    const munis = [
      { code: 'GM0363', population: 900000, neighbours: ['GM0344'] },
      { code: 'GM0344', population: 360000, neighbours: ['GM0363', 'GM0518'] },
      { code: 'GM0518', population: 550000, neighbours: ['GM0344'] },
    ];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (seed, shuffleSeed) => {
        const events = [
          ...generatePopulation({ people: 1, year: 2026, seed, municipalities: munis, moverShare: 0.8, until: '2028-12-31' }),
        ].map((g): HistoryEvent => ({
          eventId: g.eventId,
          type: g.type,
          date: g.date,
          municipalityCode: g.municipalityCode ?? null,
          fromCode: g.fromCode ?? null,
          toCode: g.toCode ?? null,
        }));
        // A deterministic shuffle: the feed delivers the days in any order. Events of one date keep
        // their recorded order, which is what gives them their meaning (a move on the day the
        // obligation ends arriving after that end is held, see the test below).
        const rank = new Map<string, number>();
        events.forEach((ev, i) => rank.set(ev.date, rank.get(ev.date) ?? Math.imul(i + 1, 2654435761 ^ shuffleSeed) >>> 0));
        const shuffled = events
          .map((ev, i) => ({ ev, i, k: rank.get(ev.date) as number }))
          .sort((a, b) => a.k - b.k || a.i - b.i)
          .map((x) => x.ev);
        const out = applyToPerson(
          [],
          [],
          shuffled.map((event) => ({ event, holdIfNotFitting: true })),
        );
        expect(out.pending).toEqual([]);
        expect(out.refused).toEqual([]);
        expect(out.applyOrder).toHaveLength(events.length);
      }),
      { numRuns: 200 },
    );
  });
});
