import { generateHistory, generatePopulation, NATIONAL_COHORTS, prng } from './people.generator';
import { replayHistory, type HistoryEvent } from './person-history.calculator';
import { parsePersonEvent } from './person-event.record';
import { readMunicipalitiesForGenerator } from './people.fixtures';

const municipalities = readMunicipalitiesForGenerator();

describe('generatePopulation', () => {
  it('is deterministic by seed and differs between seeds', () => {
    const a = [...generatePopulation({ people: 200, year: 2026, seed: 7, municipalities })];
    const b = [...generatePopulation({ people: 200, year: 2026, seed: 7, municipalities })];
    const c = [...generatePopulation({ people: 200, year: 2026, seed: 8, municipalities })];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(prng(1)()).toBe(prng(1)());
  });

  it('writes valid import lines and consistent histories, with moves mostly to neighbours', () => {
    const events = [...generatePopulation({ people: 2000, year: 2026, seed: 11, municipalities, moverShare: 0.4, until: '2028-12-31' })];
    const byPerson = new Map<string, HistoryEvent[]>();
    events.forEach((g, i) => {
      const parsed = parsePersonEvent(g as unknown as Record<string, unknown>, i + 1);
      expect('errors' in parsed ? parsed.errors : []).toEqual([]);
      byPerson.set(g.personId, [
        ...(byPerson.get(g.personId) ?? []),
        {
          eventId: g.eventId,
          type: g.type,
          date: g.date,
          municipalityCode: g.municipalityCode ?? null,
          fromCode: g.fromCode ?? null,
          toCode: g.toCode ?? null,
        },
      ]);
    });
    for (const history of byPerson.values()) {
      expect(replayHistory(history)).toBeNull();
    }
    const neighbours = new Map(municipalities.map((m) => [m.code, new Set(m.neighbours)]));
    const moves = events.filter((e) => e.type === 'MOVED');
    const toNeighbour = moves.filter((m) => neighbours.get(m.fromCode ?? '')?.has(m.toCode ?? '')).length;
    expect(moves.length).toBeGreaterThan(400);
    expect(toNeighbour / moves.length).toBeGreaterThan(0.6);
    const ended = events.filter((e) => e.type === 'OBLIGATION_ENDED').length;
    expect(ended).toBeGreaterThan(500);
  });
});

describe('generateHistory', () => {
  const options = { fromYear: 2019, toYear: 2026, seed: 3, scale: 0.02, municipalities };

  it('is deterministic and gives one cohort per year at the scaled national size, about two thirds asylum status holders', () => {
    const a = [...generateHistory(options)];
    expect([...generateHistory(options)]).toEqual(a);
    const starts = a.filter((e) => e.type === 'OBLIGATION_STARTED');
    for (let y = 2019; y <= 2026; y += 1) {
      const cohort = starts.filter((e) => e.date.startsWith(String(y)));
      const expected = NATIONAL_COHORTS[y]!;
      expect(cohort.length).toBe(Math.round(expected.people * 0.02));
      expect(expected.people).toBeGreaterThanOrEqual(26_000);
      expect(expected.people).toBeLessThanOrEqual(36_100);
      const asylum = cohort.filter((e) => e.category === 'ASIELSTATUSHOUDER').length / cohort.length;
      expect(Math.abs(asylum - expected.asylumShare)).toBeLessThan(0.08);
    }
    // Person ids never collide with the compact fixture's (prefix s…) or between years.
    expect(new Set(starts.map((e) => e.personId)).size).toBe(starts.length);
    expect(starts.every((e) => e.personId.startsWith('h3y'))).toBe(true);
    // No event after the end of the last year.
    expect(a.every((e) => e.date <= '2026-12-31')).toBe(true);
  });

  it('moves housing clusters between years as reception centres open and close', () => {
    const housed = [...generateHistory({ ...options, scale: 0.05 })].filter((e) => e.type === 'HOUSED');
    const share = (y: string, code: string) =>
      housed.filter((e) => e.date.startsWith(y) && e.municipalityCode === code).length /
      Math.max(1, housed.filter((e) => e.date.startsWith(y)).length);
    // Some municipality's share of housings changes by more than half between two years.
    const codes = [...new Set(housed.map((e) => e.municipalityCode as string))];
    const swings = codes.filter((c) => {
      const a = share('2022', c);
      const b = share('2023', c);
      return Math.max(a, b) > 0.005 && Math.abs(a - b) / Math.max(a, b) > 0.5;
    });
    expect(swings.length).toBeGreaterThan(0);
  });
});
