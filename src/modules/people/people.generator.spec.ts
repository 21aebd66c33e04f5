import { generatePopulation, prng } from './people.generator';
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
