import { createTestApp, type TestApp } from '../helpers/test-app';
import { Role } from '../../src/common/auth/actor';
import { attributeYear, importPersonEvents, listHandovers, listMunicipalityPeriods } from '../../src/modules/people';
import { registerMerger } from '../../src/modules/municipalities';

/**
 * Issue 16 item 3: codes after a merger. D merges into M on 1 January 2027. A move naming M for a
 * person recorded under D (on or after the merger) fits; one naming D after the merger is M's; the
 * days from the merger date on are M's in attribution, periods and handovers. Expected figures are
 * counted by hand below (day counts between dates, inclusive).
 */
const D = 'GM0059';
const M = 'GM0090';
const X = 'GM0363';
const at = '2028-01-01T00:00:00Z';
let seq = 0;
const ev = (personId: string, e: Record<string, unknown>) => ({
  eventId: `mc-${(seq += 1)}`,
  personId,
  source: 'HAND',
  sourceRecordedAt: at,
  ...e,
});
const days = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;

describe('codes after a merger', () => {
  let t: TestApp;
  const fo = () => t.ctx(Role.FINANCE_OFFICER, null, 'fo-1');
  beforeAll(async () => {
    t = await createTestApp();
    await registerMerger(fo(), { dissolvedCodes: [D], successorCode: M, effectiveDate: '2027-01-01' });
  });
  afterAll(() => t.close());

  it('accepts moves naming either code and reports the days from the merger under the successor', async () => {
    const first = importPersonEvents(fo(), {
      batchKey: 'mc-1',
      events: [
        // Recorded under D; moves "from M" (the successor) after the merger.
        ev('merger-p1', { type: 'OBLIGATION_STARTED', date: '2026-03-01', category: 'ASIELSTATUSHOUDER', municipalityCode: D }),
        ev('merger-p1', { type: 'MOVED', date: '2027-03-01', fromCode: M, toCode: X }),
        // Recorded under D; moves "from D" after the merger (a lagging feed).
        ev('merger-p2', { type: 'OBLIGATION_STARTED', date: '2026-06-01', category: 'GEZINSMIGRANT', municipalityCode: D }),
        ev('merger-p2', { type: 'MOVED', date: '2027-05-01', fromCode: D, toCode: X }),
        // Moves into D after the merger: that is M.
        ev('merger-p3', { type: 'OBLIGATION_STARTED', date: '2026-10-01', category: 'OVERIG', municipalityCode: X }),
        ev('merger-p3', { type: 'MOVED', date: '2027-02-01', fromCode: X, toCode: D }),
      ],
    });
    await first.catch((e: { extensions?: unknown }) => {
      throw new Error(JSON.stringify(e.extensions));
    });

    // Before the merger, M is another municipality: a move "from M" for a person in D is refused.
    await expect(
      importPersonEvents(fo(), {
        batchKey: 'mc-2',
        events: [
          ev('merger-p4', { type: 'OBLIGATION_STARTED', date: '2026-01-10', category: 'OVERIG', municipalityCode: D }),
          ev('merger-p4', { type: 'MOVED', date: '2026-06-01', fromCode: M, toCode: X }),
        ],
      }),
    ).rejects.toMatchObject({ extensions: { code: 'BATCH_REJECTED' } });

    // Attribution, PRO_RATA_DAYS 2027 (365 days): every day of 2027 in D or M is M's.
    const m2027 = days('2027-01-01', '2027-02-28') + days('2027-01-01', '2027-04-30') + days('2027-02-01', '2027-12-31');
    const x2027 = days('2027-03-01', '2027-12-31') + days('2027-05-01', '2027-12-31') + days('2027-01-01', '2027-01-31');
    const { rows } = await attributeYear(fo(), { year: 2027, rule: 'PRO_RATA_DAYS' });
    const unitsOf = (code: string) => rows.filter((r) => r.municipalityCode === code).reduce((s, r) => s + Number(r.units), 0);
    expect([unitsOf(D), unitsOf(M), unitsOf(X)]).toEqual([0, m2027, x2027]);
    // 2026 stays with D.
    const r2026 = await attributeYear(fo(), { year: 2026, rule: 'PRO_RATA_DAYS' });
    expect(r2026.rows.filter((r) => r.municipalityCode === D).reduce((s, r) => s + Number(r.units), 0)).toBe(
      days('2026-03-01', '2026-12-31') + days('2026-06-01', '2026-12-31'),
    );

    // Periods: M's view of 2027 holds the days from 1 January; D's view of 2027 is empty.
    const mView = await listMunicipalityPeriods(fo(), { municipalityCode: M, from: '2027-01-01', to: '2027-12-31', first: 50 });
    expect(mView.edges.map((e) => [e.node.personId, e.node.startDate, e.node.endDate])).toEqual([
      ['merger-p1', '2027-01-01', '2027-02-28'],
      ['merger-p2', '2027-01-01', '2027-04-30'],
      ['merger-p3', '2027-02-01', null],
    ]);
    const dView = await listMunicipalityPeriods(fo(), { municipalityCode: D, from: '2027-01-01', to: '2027-12-31', first: 50 });
    expect(dView.edges).toEqual([]);
    const d2026 = await listMunicipalityPeriods(fo(), { municipalityCode: D, from: '2026-01-01', to: '2026-12-31', first: 50 });
    expect(d2026.edges.map((e) => [e.node.personId, e.node.startDate, e.node.endDate])).toEqual([
      ['merger-p1', '2026-03-01', '2026-12-31'],
      ['merger-p2', '2026-06-01', '2026-12-31'],
    ]);
    // A controller of M sees the same.
    const ctl = await listMunicipalityPeriods(t.ctx(Role.MUNICIPAL_CONTROLLER, M, 'ctl-m'), {
      municipalityCode: M,
      from: '2027-01-01',
      to: '2027-12-31',
      first: 50,
    });
    expect(ctl.edges.length).toBe(3);

    // Handovers of 2027: M handed over two people and received one; D has none.
    const h = await listHandovers(fo(), { from: '2027-01-01', to: '2027-12-31' });
    const of = (code: string) => h.find((r) => r.municipalityCode === code);
    expect(of(D)).toBeUndefined();
    expect(of(M)).toMatchObject({ received: 1, handedOver: 2, personDays: m2027 });
    expect(of(X)).toMatchObject({ received: 2, handedOver: 1 });
  });
});
