import { createTestApp, type TestApp } from '../helpers/test-app';
import { money, roundToUnit } from '../../src/common/money/money';
import { Role } from '../../src/common/auth/actor';
import { registerMerger } from '../../src/modules/municipalities';
import { runSideBySideJob } from '../../src/modules/registration/registration.jobs';
import { sideBySide, sideBySideStats } from '../../src/modules/registration/registration.service';
import { referenceAttribution, toValue, type RefEvent, type Rule } from '../helpers/people-reference';

/**
 * Decision 1750: the side-by-side reads the attribution runs stored for the current event state
 * and attributes (and stores) only when there is none. (a) Nothing changed: no attribution is
 * made, the answer is the same. (b) Every kind of event change (a new event, a late back-dated
 * one, a pending event released, a merger registered) makes the stored runs stale, and the next
 * answer equals a fresh computation to the cent: the day-by-day reference attribution of
 * test/helpers/people-reference.ts (no code shared with the SQL) times the rate, rounded once.
 */
let t: TestApp;
const YEAR = 2027;
const RULES: Rule[] = ['PEILDATUM', 'PRO_RATA_DAYS', 'FIRST_OF_MONTH', 'FIRST_MUNICIPALITY'];
const CODES = ['GM0344', 'GM0363', 'GM0518', 'GM0599', 'GM0772'];
const RATE = money('11600.00');
const at = '2027-12-31T12:00:00Z';
let ruleId: string;
let seq = 0;
/** The events applied so far (the reference's input), and the mergers in force on 1 January. */
const applied: RefEvent[] = [];
const successors = new Map<string, string>();

type Ev = Omit<RefEvent, 'personId'>;
const ev = (personId: string, e: Ev, source = 'COA') => ({
  eventId: `sbs-store-${(seq += 1)}`,
  personId,
  source,
  sourceRecordedAt: at,
  ...Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)),
});
const start = (date: string): Ev => ({ type: 'OBLIGATION_STARTED', date, category: 'ASIELSTATUSHOUDER' });
const housed = (date: string, municipalityCode: string): Ev => ({ type: 'HOUSED', date, municipalityCode });
const moved = (date: string, fromCode: string, toCode: string): Ev => ({ type: 'MOVED', date, fromCode, toCode });

const IMPORT = `mutation($input: ImportPersonEventsInput!) { importPersonEvents(input: $input) { applied pending released } }`;

/** Imports events of one person; `apply`: those the reference counts from now on. */
async function importEvents(batchKey: string, personId: string, events: Ev[], source = 'COA') {
  const r = await t.ok<{ importPersonEvents: { applied: number; pending: number; released: number } }>(IMPORT, {
    input: { batchKey, events: events.map((e) => ev(personId, e, source)) },
  });
  return r.importPersonEvents;
}

const SIDE = `query($id: ID!, $codes: [String!]) { attributionSideBySide(schemeCode: "SBS-STORE", year: 2027, ruleVersionId: $id, municipalityCodes: $codes) {
  variants { label total } lines { municipalityCode amounts { variant amount difference percent } } } }`;
interface Side {
  attributionSideBySide: {
    variants: { label: string; total: string }[];
    lines: { municipalityCode: string; amounts: { variant: string; amount: string; difference: string; percent: string | null }[] }[];
  };
}
const side = (token?: string, codes: string[] | null = CODES) => t.ok<Side>(SIDE, { id: ruleId, codes }, token);

const runCount = async () =>
  Number((await t.dataSource.query<[{ n: string }]>(`SELECT count(*) AS n FROM attribution_runs WHERE year = $1`, [YEAR]))[0].n);

/** The variant amounts of a fresh computation: the day-by-day reference × the rate, rounded once. */
function expectFresh(answer: Side): void {
  const divisor = (rule: Rule) => (rule === 'PRO_RATA_DAYS' || rule === 'FIRST_MUNICIPALITY' ? 365 : rule === 'FIRST_OF_MONTH' ? 12 : 1);
  const successor = (code: string) => successors.get(code) ?? code;
  const got: string[] = [];
  const want: string[] = [];
  for (const rule of RULES) {
    const units = referenceAttribution(applied, YEAR, rule, successor);
    for (const line of answer.attributionSideBySide.lines) {
      const n = units.get(`${line.municipalityCode}|ASIELSTATUSHOUDER|`) ?? 0;
      const amount = roundToUnit(RATE.times(money(toValue(n, divisor(rule)))), 2).toFixed(2);
      want.push(`${rule} ${line.municipalityCode} ${amount}`);
      got.push(`${rule} ${line.municipalityCode} ${line.amounts.find((a) => a.variant === rule)!.amount}`);
    }
  }
  expect(got).toEqual(want);
}

/** The state row the triggers keep equals what runAttribution counts. */
async function expectStateRowExact(): Promise<void> {
  const [row] = await t.dataSource.query<[{ kept: string; counted: string }]>(
    `SELECT (SELECT max_applied_seq || '/' || applied_count FROM person_event_state) AS kept,
            (SELECT COALESCE(max(applied_seq), 0) || '/' || count(*) FROM person_events WHERE status = 'APPLIED') AS counted`,
  );
  expect(row.kept).toBe(row.counted);
}

beforeAll(async () => {
  t = await createTestApp();
  const first = [start('2027-03-10'), housed('2027-05-01', 'GM0363'), moved('2027-09-01', 'GM0363', 'GM0344')];
  await importEvents('sbs-store-a', 'pseudo-store-0001', first);
  applied.push(...first.map((e) => ({ ...e, personId: 'pseudo-store-0001' })));
  const second = [start('2027-01-15'), housed('2027-02-01', 'GM0518')];
  await importEvents('sbs-store-b', 'pseudo-store-0002', second);
  applied.push(...second.map((e) => ({ ...e, personId: 'pseudo-store-0002' })));
  await t.ok(
    `mutation { createScheme(input: { code: "SBS-STORE", name: "Side by side, stored", stream: INTEGRATION_PROVISIONS, year: 2027, budgetMode: OPEN_ENDED, budget: "1000000.00", status: OPEN }) { id } }`,
  );
  await t.ok(
    `mutation { addRate(input: { schemeCode: "SBS-STORE", category: ASIELSTATUSHOUDER, amount: "11600.00", validFrom: "2027-01-01" }) { id } }`,
  );
  const row = (municipalityCode: string, value: string) => ({
    municipalityCode,
    periodType: 'YEAR',
    periodStart: '2027-01-01',
    periodEnd: '2027-12-31',
    category: 'ASIELSTATUSHOUDER',
    basis: 'TAAKSTELLING',
    source: 'MINISTRY',
    value,
  });
  await t.ok(`mutation($input: ImportCountsInput!) { importCounts(input: $input) { rowCount } }`, {
    input: { batchKey: 'sbs-store-taakstelling', rows: [row('GM0363', '0.5'), row('GM0344', '0.25')] },
  });
  const rule = await t.ok<{ createAllocationRule: { id: string } }>(
    `mutation { createAllocationRule(input: { ruleKey: "sbs-store", schemeCode: "SBS-STORE", basis: TAAKSTELLING, categories: [{ category: ASIELSTATUSHOUDER }], useBaseAmounts: false, description: "taakstelling" }) { id } }`,
  );
  ruleId = rule.createAllocationRule.id;
});
afterAll(async () => {
  await t.close();
});

describe('the side-by-side reads stored attributions (decision 1750)', () => {
  it('attributes each rule once for an event state, then only reads: the same answer, no new run', async () => {
    const before = await runCount();
    const first = await side();
    expect((await runCount()) - before).toBe(RULES.length);
    expectFresh(first);
    expect(await side()).toEqual(first);
    expect(await side(t.tokens.auditor)).toEqual(first);
    expect((await runCount()) - before).toBe(RULES.length);
    // The job finds everything current: nothing to attribute.
    const job = await runSideBySideJob(t.ctx(Role.FINANCE_OFFICER, null, 'system'));
    expect(job.years).toContain(YEAR);
    expect((await runCount()) - before).toBe(RULES.length);
    await expectStateRowExact();
  });

  it('stays scoped to a controller’s own municipality, from the same stored runs', async () => {
    const before = await runCount();
    const own = await side(await t.tokens.controller('GM0363'), null);
    expect(own.attributionSideBySide.lines.map((l) => l.municipalityCode)).toEqual(['GM0363']);
    const all = await side();
    expect(own.attributionSideBySide.lines[0]).toEqual(all.attributionSideBySide.lines.find((l) => l.municipalityCode === 'GM0363'));
    expect(await runCount()).toBe(before);
  });

  it('requests that arrive while the same side-by-side is computed share it; the next one computes again (decision 1811)', async () => {
    const input = { schemeCode: 'SBS-STORE', year: YEAR, ruleVersionId: ruleId, municipalityCodes: CODES };
    const computed = sideBySideStats.computed;
    // Issued in one tick: the later three join the first computation, whoever asks.
    const [finance, auditor, controller, again] = await Promise.all([
      sideBySide(t.ctx(Role.FINANCE_OFFICER, null), input),
      sideBySide(t.ctx(Role.AUDITOR, null), input),
      sideBySide(t.ctx(Role.MUNICIPAL_CONTROLLER, 'GM0363'), { ...input, municipalityCodes: null }),
      sideBySide(t.ctx(Role.FINANCE_OFFICER, null), input),
    ]);
    expect(sideBySideStats.computed).toBe(computed + 1);
    expect(auditor).toEqual(finance);
    expect(again).toEqual(finance);
    // Each caller's scope applies to the shared answer.
    expect(controller.lines.map((l) => l.municipalityCode)).toEqual(['GM0363']);
    expect(controller.lines[0]).toEqual(finance.lines.find((l) => l.municipalityCode === 'GM0363'));
    expect(controller.variants).toEqual(finance.variants);
    // Nothing is kept once it is answered: the next request computes from the state it finds.
    expect(await sideBySide(t.ctx(Role.FINANCE_OFFICER, null), input)).toEqual(finance);
    expect(sideBySideStats.computed).toBe(computed + 2);
  });

  it('a new event makes the stored runs stale: the next answer is a fresh computation', async () => {
    const before = await runCount();
    const previous = await side();
    const events = [moved('2027-10-01', 'GM0518', 'GM0599')];
    await importEvents('sbs-store-c', 'pseudo-store-0002', events);
    applied.push(...events.map((e) => ({ ...e, personId: 'pseudo-store-0002' })));
    await expectStateRowExact();
    const next = await side();
    expect(next).not.toEqual(previous);
    expectFresh(next);
    expect((await runCount()) - before).toBe(RULES.length);
  });

  it('a late, back-dated event (how a source corrects a missed registration) makes them stale too', async () => {
    const before = await runCount();
    const events = [start('2027-01-02'), housed('2027-01-20', 'GM0772')];
    await importEvents('sbs-store-d', 'pseudo-store-0003', events);
    applied.push(...events.map((e) => ({ ...e, personId: 'pseudo-store-0003' })));
    await expectStateRowExact();
    expectFresh(await side());
    expect((await runCount()) - before).toBe(RULES.length);
  });

  it('a pending event changes nothing while it waits; released, it makes the stored runs stale', async () => {
    await t.ok(`mutation { registerPersonEventSource(input: { code: "COA-LATE", outOfOrder: true }) { code } }`);
    const before = await runCount();
    const previous = await side();
    const late = [moved('2027-06-01', 'GM0363', 'GM0599')];
    expect(await importEvents('sbs-store-e', 'pseudo-store-0004', late, 'COA-LATE')).toMatchObject({ applied: 0, pending: 1 });
    await expectStateRowExact();
    expect(await side()).toEqual(previous);
    expect(await runCount()).toBe(before);
    const rest = [start('2027-02-01'), housed('2027-03-01', 'GM0363')];
    expect(await importEvents('sbs-store-f', 'pseudo-store-0004', rest, 'COA-LATE')).toMatchObject({ applied: 2, released: 1 });
    applied.push(...[...rest, ...late].map((e) => ({ ...e, personId: 'pseudo-store-0004' })));
    await expectStateRowExact();
    const next = await side();
    expectFresh(next);
    expect((await runCount()) - before).toBe(RULES.length);
  });

  it('a merger registered in force on 1 January makes them stale: the dissolved municipality’s days are the successor’s', async () => {
    const before = await runCount();
    await registerMerger(t.ctx(Role.FINANCE_OFFICER), { dissolvedCodes: ['GM0772'], successorCode: 'GM0599', effectiveDate: '2027-01-01' });
    successors.set('GM0772', 'GM0599');
    const next = await side();
    expectFresh(next);
    expect((await runCount()) - before).toBe(RULES.length);
  });

  it('concurrent requests on a stale state attribute each rule once and agree', async () => {
    const events = [moved('2027-11-15', 'GM0599', 'GM0344')];
    await importEvents('sbs-store-g', 'pseudo-store-0002', events);
    applied.push(...events.map((e) => ({ ...e, personId: 'pseudo-store-0002' })));
    const before = await runCount();
    const answers = await Promise.all(Array.from({ length: 4 }, () => side()));
    expect((await runCount()) - before).toBe(RULES.length);
    for (const a of answers) {
      expect(a).toEqual(answers[0]);
    }
    expectFresh(answers[0]!);
  });
});
