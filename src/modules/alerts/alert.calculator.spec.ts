import fc from 'fast-check';
import { daysBetween, deadlineApproaching, feedSilence, transitions, NATIONAL, type Observation } from './alert.calculator';

const obs = (subject: string, active: boolean): Observation => ({
  subject,
  municipalityCode: subject === NATIONAL ? null : subject,
  active,
  evidence: {},
});

describe('alert transitions (edge-triggered)', () => {
  it('raises a new true condition, clears a stopped one, and is silent when nothing changed', () => {
    expect(transitions(new Map(), [obs('GM0363', true), obs('GM0344', false)]).map((t) => `${t.subject} ${t.kind}`)).toEqual([
      'GM0363 RAISED',
    ]);
    expect(transitions(new Map([['GM0363', true]]), [obs('GM0363', true)])).toEqual([]);
    expect(transitions(new Map([['GM0363', true]]), [obs('GM0363', false)]).map((t) => t.kind)).toEqual(['CLEARED']);
    expect(transitions(new Map([['GM0363', false]]), [obs('GM0363', false)])).toEqual([]);
  });

  it('clears an active subject that is no longer observed, with the reason', () => {
    expect(
      transitions(
        new Map([
          ['GM0363', true],
          ['GM0344', false],
        ]),
        [],
      ),
    ).toEqual([{ subject: 'GM0363', municipalityCode: 'GM0363', kind: 'CLEARED', evidence: { reason: 'no longer observed' } }]);
  });

  it('over any sequence of observations fires exactly once per crossing, alternating RAISED and CLEARED', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 60 }), (sequence) => {
        let state = new Map<string, boolean>();
        const fired: string[] = [];
        for (const active of sequence) {
          for (const t of transitions(state, [obs(NATIONAL, active)])) {
            fired.push(t.kind);
            state = new Map([[t.subject, t.kind === 'RAISED']]);
          }
        }
        let crossings = 0;
        let previous = false;
        for (const active of sequence) {
          crossings += active !== previous ? 1 : 0;
          previous = active;
        }
        expect(fired.length).toBe(crossings);
        fired.forEach((kind, i) => expect(kind).toBe(i % 2 === 0 ? 'RAISED' : 'CLEARED'));
      }),
    );
  });
});

describe('condition rules', () => {
  it('counts calendar days', () => {
    expect(daysBetween('2027-06-20', '2027-07-15')).toBe(25);
    expect(daysBetween('2027-07-16', '2027-07-15')).toBe(-1);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
  });

  it('a deadline approaches from `days` before it up to and including its day, unless submitted', () => {
    const at = (today: string, submitted = false) => deadlineApproaching({ today, deadline: '2027-07-15', days: 30, submitted }).active;
    expect([at('2027-06-14'), at('2027-06-15'), at('2027-07-15'), at('2027-07-16'), at('2027-07-01', true)]).toEqual([
      false,
      true,
      true,
      false,
      false,
    ]);
  });

  it('a feed is silent after `days` whole days without a delivery', () => {
    const last = new Date('2027-01-01T12:00:00Z');
    expect(feedSilence({ now: new Date('2027-01-04T11:59:59Z'), lastDelivery: last, days: 3 })).toEqual({ active: false, daysSilent: 2 });
    expect(feedSilence({ now: new Date('2027-01-04T12:00:00Z'), lastDelivery: last, days: 3 })).toEqual({ active: true, daysSilent: 3 });
  });
});
