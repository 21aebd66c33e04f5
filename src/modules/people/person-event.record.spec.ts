import { canonicalEvent, eventHash, parsePersonEvent } from './person-event.record';

const ok = {
  eventId: 'ev-1',
  personId: 'p-abcdef12',
  type: 'OBLIGATION_STARTED',
  date: '2028-02-29',
  category: 'ASIELSTATUSHOUDER',
  source: 'COA',
  sourceRecordedAt: '2028-03-01T10:00:00+01:00',
};

describe('parsePersonEvent', () => {
  it('accepts a valid start in reception and canonicalises the timestamp to UTC', () => {
    const r = parsePersonEvent(ok, 1);
    expect('record' in r && r.record.sourceRecordedAt).toBe('2028-03-01T09:00:00.000Z');
    expect('record' in r && canonicalEvent(r.record)).toBe(
      'ev-1|p-abcdef12|OBLIGATION_STARTED|2028-02-29|ASIELSTATUSHOUDER||||||COA|2028-03-01T09:00:00.000Z',
    );
  });

  it.each([
    ['a BSN-like number', { personId: '123456782' }, 'personId'],
    ['a name with a space', { personId: 'Jan Jansen' }, 'personId'],
    ['a too short id', { personId: 'abc' }, 'personId'],
    ['a non-leap 29 February', { date: '2026-02-29' }, 'date'],
    ['an unknown category', { category: 'TOURIST' }, 'category'],
    ['a field of another type', { toCode: 'GM0363' }, 'toCode'],
    ['a timestamp without zone', { sourceRecordedAt: '2028-03-01T10:00:00' }, 'sourceRecordedAt'],
    ['an unknown field', { bsn: '123' }, 'bsn'],
  ])('refuses %s, naming the field and the line', (_name, change, field) => {
    const r = parsePersonEvent({ ...ok, ...change }, 7);
    expect('errors' in r && r.errors.map((x) => [x.line, x.field])).toEqual([[7, field]]);
  });

  it.each([
    [{ type: 'HOUSED', category: undefined }, 'municipalityCode'],
    [{ type: 'MOVED', category: undefined, fromCode: 'GM0363', toCode: 'GM0363' }, 'toCode'],
    [{ type: 'OBLIGATION_ENDED', category: undefined }, 'endReason'],
  ])('checks the fields each type needs (%o)', (change, field) => {
    const r = parsePersonEvent({ ...ok, ...change }, 2);
    expect('errors' in r && r.errors.map((x) => x.field)).toEqual([field]);
  });

  it('hashes content, so the same id with other content differs', () => {
    const a = parsePersonEvent(ok, 1);
    const b = parsePersonEvent({ ...ok, category: 'GEZINSMIGRANT' }, 1);
    expect('record' in a && 'record' in b && eventHash(a.record) !== eventHash(b.record)).toBe(true);
  });
});
