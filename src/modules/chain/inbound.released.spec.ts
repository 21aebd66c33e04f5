import { releasedNotifications } from './inbound.service';

/** Events held PENDING and released by a later one are told when they apply (decision 1511). */
type E = Parameters<typeof releasedNotifications>[0][number];

const PERSON = 'k1_person';
const B1 = '11111111-1111-4111-8111-111111111111';
const B2 = '22222222-2222-4222-8222-222222222222';

function event(eventId: string, type: string, status: string, batchKey: string, extra: Partial<E> = {}): E {
  return {
    eventId,
    personId: PERSON,
    type,
    date: '2029-03-01',
    category: null,
    route: null,
    municipalityCode: null,
    fromCode: null,
    toCode: null,
    endReason: null,
    source: 'DUO',
    sourceRecordedAt: new Date('2029-03-01T09:00:00Z'),
    recordedAt: new Date('2029-03-01T09:00:05Z'),
    status,
    batchKey,
    ...extra,
  };
}

describe('releasedNotifications', () => {
  const start = event(`duo:${B1}:1`, 'OBLIGATION_STARTED', 'APPLIED', `duo:${B1}`, {
    municipalityCode: 'GM0363',
    category: 'GEZINSMIGRANT',
  });

  it('tells the municipality a move that waited, to both sides, with its own times and message', () => {
    const moved = (status: string) =>
      event(`duo:${B2}:1`, 'MOVED', status, `duo:${B2}`, {
        fromCode: 'GM0363',
        toCode: 'GM0344',
        sourceRecordedAt: new Date('2029-02-10T08:00:00Z'),
        recordedAt: new Date('2029-02-10T08:00:01Z'),
      });
    const out = releasedNotifications([moved('PENDING')], [start, moved('APPLIED')], PERSON);
    expect(out).toEqual([
      {
        municipalityCode: 'GM0363',
        eventType: 'PERSON_MOVED_OUT',
        subjectId: PERSON,
        occurredAt: new Date('2029-02-10T08:00:00Z'),
        receivedAt: new Date('2029-02-10T08:00:01Z'),
        berichtId: B2,
      },
      {
        municipalityCode: 'GM0344',
        eventType: 'PERSON_MOVED_IN',
        subjectId: PERSON,
        occurredAt: new Date('2029-02-10T08:00:00Z'),
        receivedAt: new Date('2029-02-10T08:00:01Z'),
        berichtId: B2,
      },
    ]);
  });

  it('tells an end and a start of one message as one category change, to the municipality the person is with', () => {
    const ended = (status: string) => event(`duo:${B2}:1`, 'OBLIGATION_ENDED', status, `duo:${B2}`, { date: '2029-04-30' });
    const again = (status: string) =>
      event(`duo:${B2}:2`, 'OBLIGATION_STARTED', status, `duo:${B2}`, {
        date: '2029-05-01',
        municipalityCode: 'GM0363',
        category: 'OVERIG',
      });
    const out = releasedNotifications([ended('PENDING'), again('PENDING')], [start, ended('APPLIED'), again('APPLIED')], PERSON);
    expect(out.map((n) => [n.municipalityCode, n.eventType])).toEqual([['GM0363', 'PERSON_CATEGORY_CHANGED']]);
  });

  it('tells nothing for events that were applied already or still wait', () => {
    const housed = event(`csv:1`, 'HOUSED', 'PENDING', 'csv-batch', { municipalityCode: 'GM0344' });
    expect(releasedNotifications([start, housed], [start, housed], PERSON)).toEqual([]);
    // Released from another source's batch: told, without a DUO message id.
    const out = releasedNotifications([housed], [start, { ...housed, status: 'APPLIED' }], PERSON);
    expect(out).toEqual([expect.objectContaining({ municipalityCode: 'GM0344', eventType: 'PERSON_HOUSED', berichtId: null })]);
  });
});
