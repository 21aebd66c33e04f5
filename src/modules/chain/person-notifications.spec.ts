import { personNotifications } from './person-notifications';
import type { AppliedPersonEvent, PriorPersonEvent } from '../people';

/** Who is told what when person events apply, whatever their door (decisions 1503, 1511, 1550). */
const PERSON = 'k1_person';
const B1 = '11111111-1111-4111-8111-111111111111';
const NOW = new Date('2029-06-01T12:00:00Z');

function event(eventId: string, type: string, extra: Partial<AppliedPersonEvent> = {}): AppliedPersonEvent {
  return {
    eventId,
    personId: PERSON,
    type,
    date: '2029-03-01',
    category: null,
    municipalityCode: null,
    fromCode: null,
    toCode: null,
    endReason: null,
    source: 'BRP',
    sourceRecordedAt: new Date('2029-03-01T09:00:00Z'),
    recordedAt: NOW,
    batchKey: 'csv-1',
    released: false,
    ...extra,
  };
}
const started: PriorPersonEvent = { type: 'OBLIGATION_STARTED', category: 'GEZINSMIGRANT', municipalityCode: 'GM0363', toCode: null };
const told = (before: PriorPersonEvent[], applied: AppliedPersonEvent[]) =>
  personNotifications({ batchKey: 'csv-1', people: [{ personId: PERSON, before, applied }] });

describe('personNotifications', () => {
  it('tells a whole history imported at once, each event to whom the state just before it concerns', () => {
    const out = told(
      [],
      [
        event('e1', 'OBLIGATION_STARTED', { category: 'ASIELSTATUSHOUDER', municipalityCode: null }),
        event('e2', 'HOUSED', { municipalityCode: 'GM0363', date: '2029-04-01' }),
        event('e3', 'MOVED', { fromCode: 'GM0363', toCode: 'GM0344', date: '2029-05-01' }),
        event('e4', 'OBLIGATION_ENDED', { endReason: 'DIED', date: '2029-07-01' }),
      ],
    );
    expect(out.map((n) => [n.municipalityCode, n.eventType])).toEqual([
      ['GM0363', 'PERSON_HOUSED'],
      ['GM0363', 'PERSON_MOVED_OUT'],
      ['GM0344', 'PERSON_MOVED_IN'],
      // The end concerns the municipality after the move, not the one before the batch.
      ['GM0344', 'PERSON_OBLIGATION_ENDED'],
    ]);
    expect(out[0]).toEqual({
      municipalityCode: 'GM0363',
      eventType: 'PERSON_HOUSED',
      subjectId: PERSON,
      occurredAt: new Date('2029-03-01T09:00:00Z'),
      receivedAt: NOW,
      berichtId: null,
    });
  });

  it('tells an end and a start the next day in one batch as one category change; a later restart is an end and a start', () => {
    const change = told(
      [started],
      [
        event('e1', 'OBLIGATION_ENDED', { date: '2029-04-30', endReason: 'OTHER', batchKey: `duo:${B1}` }),
        event('e2', 'OBLIGATION_STARTED', { date: '2029-05-01', category: 'OVERIG', municipalityCode: 'GM0363', batchKey: `duo:${B1}` }),
      ],
    );
    expect(change.map((n) => [n.municipalityCode, n.eventType, n.berichtId])).toEqual([['GM0363', 'PERSON_CATEGORY_CHANGED', B1]]);
    const restart = told(
      [started],
      [
        event('e1', 'OBLIGATION_ENDED', { date: '2029-04-30', endReason: 'OTHER' }),
        event('e2', 'OBLIGATION_STARTED', { date: '2030-01-01', category: 'OVERIG', municipalityCode: 'GM0344' }),
      ],
    );
    expect(restart.map((n) => [n.municipalityCode, n.eventType])).toEqual([
      ['GM0363', 'PERSON_OBLIGATION_ENDED'],
      ['GM0344', 'PERSON_OBLIGATION_STARTED'],
    ]);
  });

  it('tells a released event with its own registration, arrival and message; nothing for a start in reception', () => {
    const arrived = new Date('2029-02-10T08:00:01Z');
    const out = told(
      [],
      [
        event('e1', 'OBLIGATION_STARTED', { category: 'ASIELSTATUSHOUDER', municipalityCode: null }),
        event('e0', 'HOUSED', {
          municipalityCode: 'GM0344',
          released: true,
          batchKey: `duo:${B1}`,
          sourceRecordedAt: new Date('2029-02-10T08:00:00Z'),
          recordedAt: arrived,
        }),
      ],
    );
    expect(out).toEqual([
      {
        municipalityCode: 'GM0344',
        eventType: 'PERSON_HOUSED',
        subjectId: PERSON,
        occurredAt: new Date('2029-02-10T08:00:00Z'),
        receivedAt: arrived,
        berichtId: B1,
      },
    ]);
  });
});
