import { categoryOf, endReasonOf, mapNotification, stateOf, type PersonState, type SourceDetails } from './duo-mapping.calculator';

const none: PersonState = { obliged: false, municipalityCode: null, category: null };
const inReception: PersonState = { obliged: true, municipalityCode: null, category: 'ASIELSTATUSHOUDER' };
const inOwn: PersonState = { obliged: true, municipalityCode: 'GM0363', category: 'GEZINSMIGRANT' };
const details = (indeling: string, detail: string, extra: Partial<SourceDetails['plicht'] & object> = {}): SourceDetails => ({
  plicht: { indicatorInburgeringsplicht: true, begindatum: '2027-03-10', ...extra },
  doelgroep: { indeling, gedetailleerdeDoelgroep: detail, begindatum: '2027-06-15' },
});
const asiel = details('Asielstatushouder', 'Asielstatushouder');
const gezin = details('Gezinsmigrant en overige migrant', 'Gezinshereniger met Asielstatushouder');
const map = (gebeurtenisId: string, state: PersonState, d: SourceDetails | null, code = 'GM0363') =>
  mapNotification({ gebeurtenisId, code, registratieDatumTijd: '2027-05-01T22:30:00Z', state, details: d });

describe('DUO events to person events', () => {
  it('uses the Amsterdam date of the registration (22:30 UTC on 1 May is 2 May)', () => {
    expect(map('SS139', inReception, null)).toMatchObject({ events: [{ type: 'HOUSED', date: '2027-05-02', municipalityCode: 'GM0363' }] });
  });

  it.each([
    [
      'SS101',
      none,
      asiel,
      {
        outcome: 'EVENTS',
        events: [{ type: 'OBLIGATION_STARTED', date: '2027-03-10', category: 'ASIELSTATUSHOUDER', municipalityCode: null }],
      },
    ],
    [
      'SS128',
      none,
      gezin,
      { outcome: 'EVENTS', events: [{ type: 'OBLIGATION_STARTED', category: 'GEZINSMIGRANT', municipalityCode: 'GM0363' }] },
    ],
    [
      'SS129',
      none,
      details('Gezinsmigrant en overige migrant', 'Overig'),
      { events: [{ category: 'OVERIG', municipalityCode: 'GM0363' }] },
    ],
    ['SS130', inOwn, gezin, { outcome: 'NO_CHANGE' }],
    ['SS101', none, null, { outcome: 'UNRESOLVED' }],
    ['SS101', none, details('Asielstatushouder', 'Asielstatushouder', { indicatorInburgeringsplicht: false }), { outcome: 'NO_CHANGE' }],
    ['SS139', none, asiel, { events: [{ type: 'OBLIGATION_STARTED', category: 'ASIELSTATUSHOUDER', municipalityCode: 'GM0363' }] }],
    ['SS139', inOwn, null, { outcome: 'NO_CHANGE' }],
    ['SS120', inOwn, null, { outcome: 'NO_CHANGE' }],
    [
      'SS121',
      { ...inOwn, municipalityCode: 'GM0344' },
      null,
      { events: [{ type: 'MOVED', fromCode: 'GM0344', toCode: 'GM0363', date: '2027-05-02' }] },
    ],
    ['SS120', inReception, null, { events: [{ type: 'HOUSED', municipalityCode: 'GM0363' }] }],
    [
      'SS125',
      inOwn,
      asiel,
      {
        events: [
          { type: 'OBLIGATION_ENDED', date: '2027-06-14', endReason: 'OTHER' },
          { type: 'OBLIGATION_STARTED', date: '2027-06-15', category: 'ASIELSTATUSHOUDER', municipalityCode: 'GM0363' },
        ],
      },
    ],
    ['SS124', inOwn, gezin, { outcome: 'NO_CHANGE' }],
    ['SS124', inOwn, null, { outcome: 'UNRESOLVED' }],
    [
      'SS106',
      inOwn,
      details('Asielstatushouder', 'Asielstatushouder', { einddatum: '2027-04-30' }),
      { events: [{ type: 'OBLIGATION_ENDED', date: '2027-04-30', endReason: 'COMPLETED' }] },
    ],
    ['SS111', inOwn, null, { events: [{ type: 'OBLIGATION_ENDED', date: '2027-05-02', endReason: 'OTHER' }] }],
    ['SS107', none, null, { outcome: 'NO_CHANGE' }],
    ['SS102', inOwn, null, { outcome: 'IGNORED' }],
    ['ZZ1', none, null, { outcome: 'IGNORED' }],
  ])('%s on %j', (id, state, d, expected) => {
    expect(map(id, state, d)).toMatchObject(expected);
  });

  it.each([
    ['SS106', undefined, 'COMPLETED'],
    ['SS107', undefined, 'EXEMPTED'],
    ['SS108', undefined, 'EXEMPTED'],
    ['SS109', undefined, 'EXEMPTED'],
    ['SS110', 'Vertrek uit Nederland langer dan een jaar', 'LEFT_COUNTRY'],
    ['SS110', 'Inburgeringsplicht voldaan', 'COMPLETED'],
    ['SS110', 'Volledige ontheffing', 'EXEMPTED'],
    ['SS110', 'Overlijden', 'OTHER'],
    ['SS110', undefined, 'OTHER'],
    ['SS111', undefined, 'OTHER'],
  ])('%s with reden %s ends as %s', (id, reden, reason) => {
    expect(endReasonOf(id, reden)).toBe(reason);
  });

  it('maps every detailed doelgroep of the spec to a category', () => {
    expect(categoryOf({ indeling: 'Asielstatushouder' })).toBe('ASIELSTATUSHOUDER');
    for (const detail of [
      'Gezinshereniger',
      'Gezinshereniger met Asielstatushouder',
      'Gezinsvormer',
      'Gezinsvormer met Asielstatushouder',
    ]) {
      expect(categoryOf({ indeling: 'Gezinsmigrant en overige migrant', gedetailleerdeDoelgroep: detail })).toBe('GEZINSMIGRANT');
    }
    for (const detail of ['Geestelijk bedienaar', 'Overig', undefined]) {
      expect(categoryOf({ indeling: 'Gezinsmigrant en overige migrant', gedetailleerdeDoelgroep: detail })).toBe('OVERIG');
    }
    expect(categoryOf({})).toBeNull();
  });

  it('reads the state from applied events only', () => {
    const ev = (type: string, extra: Record<string, string | null> = {}) => ({
      type,
      status: 'APPLIED',
      category: null,
      municipalityCode: null,
      toCode: null,
      ...extra,
    });
    expect(
      stateOf([
        ev('OBLIGATION_STARTED', { category: 'OVERIG' }),
        ev('HOUSED', { municipalityCode: 'GM0363' }),
        ev('MOVED', { toCode: 'GM0344' }),
      ]),
    ).toEqual({
      obliged: true,
      municipalityCode: 'GM0344',
      category: 'OVERIG',
    });
    expect(stateOf([ev('OBLIGATION_STARTED', { category: 'OVERIG' }), { ...ev('OBLIGATION_ENDED'), status: 'PENDING' }]).obliged).toBe(
      true,
    );
    expect(stateOf([ev('OBLIGATION_STARTED', { category: 'OVERIG' }), ev('OBLIGATION_ENDED')])).toEqual(none);
  });
});
