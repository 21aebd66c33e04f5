import { createTestApp, codes, type TestApp } from '../helpers/test-app';
import { countsAndRun, createTestRules, createTestScheme } from '../helpers/advances';
import { Role } from '../../src/common/auth/actor';
import { RunStage } from '../../src/modules/allocations';
import { accounts, getBalance } from '../../src/modules/ledger';
import { toFixedScale } from '../../src/common/money/money';

const S = 'SUSP-TEST';
const Y = 2024;
const M = 'GM0344';
const OK = 'GM0363';

const PAY = `mutation($input: PayTranchesInput!) { payTranches(input: $input) { paidCount totalAmount suspended replayed tranches { municipalityCode index amount } } }`;
const SUSPEND = `mutation($input: AdvanceSuspensionInput!) { suspendAdvances(input: $input) { action reason actor overdueYears } }`;
const RELEASE = `mutation($input: AdvanceSuspensionInput!) { releaseAdvances(input: $input) { action overdueYears } }`;
const MONTHS = `query($id: ID!) { advancePlanMonths(planId: $id) { month planned paid suspended tranches tranchesPaid } }`;
type Month = { month: string; planned: string; paid: string; suspended: string; tranches: number; tranchesPaid: number };
const LINES = `query($id: ID!, $codes: [String!]) { advancePlanLines(planId: $id, municipalityCodes: $codes) { municipalityCode advance tranches { index status amount } } }`;

describe('advances: suspension, release and the GraphQL surface', () => {
  let t: TestApp;
  let planId: string;

  /** The months as the page used to compute them from every tranche of `advancePlanLines` (in cents). */
  async function monthsFromLines(codes: string[] | null): Promise<Month[]> {
    const all = await t.ok<{
      advancePlanLines: { tranches: { dueDate: string; amount: string; status: string; cash: string | null; offset: string | null }[] }[];
    }>(
      `query($id: ID!, $codes: [String!]) { advancePlanLines(planId: $id, municipalityCodes: $codes) { tranches { dueDate amount status cash offset } } }`,
      { id: planId, codes },
    );
    const cents = (v: string | null) => (v === null ? 0n : BigInt(v.replace('.', '')));
    const euros = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
    const byMonth = new Map<string, { planned: bigint; paid: bigint; suspended: bigint; tranches: number; tranchesPaid: number }>();
    for (const x of all.advancePlanLines.flatMap((l) => l.tranches)) {
      const m = byMonth.get(x.dueDate.slice(0, 7)) ?? { planned: 0n, paid: 0n, suspended: 0n, tranches: 0, tranchesPaid: 0 };
      if (x.status !== 'CANCELLED') {
        m.planned += cents(x.amount);
        m.tranches += 1;
      }
      if (x.status === 'PAID') {
        m.paid += cents(x.cash) + cents(x.offset);
        m.tranchesPaid += 1;
      }
      if (x.status === 'SUSPENDED') {
        m.suspended += cents(x.amount);
      }
      byMonth.set(x.dueDate.slice(0, 7), m);
    }
    return [...byMonth.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, m]) => ({
        month,
        planned: euros(m.planned),
        paid: euros(m.paid),
        suspended: euros(m.suspended),
        tranches: m.tranches,
        tranchesPaid: m.tranchesPaid,
      }));
  }

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 4 });
    const ctx = t.ctx(Role.FINANCE_OFFICER, null, 'fo-1');
    // The previous year's accountability deadline has passed: every municipality is overdue for it.
    await createTestScheme(ctx, S, Y - 1, '600.00', { deadline: `${Y}-07-15` });
    await createTestScheme(ctx, S, Y, '1200.00');
    const rules = await createTestRules(ctx, S);
    const run = await countsAndRun(ctx, {
      code: S,
      year: Y,
      ruleId: rules.forecast,
      basis: 'FORECAST',
      stage: RunStage.PROVISIONAL,
      counts: { [M]: '1', [OK]: '2' },
      key: 'susp',
    });
    const created = await t.ok<{ createAdvancePlan: { plan: { id: string; version: number; totalAdvance: string; current: boolean } } }>(
      `mutation($input: CreateAdvancePlanInput!) { createAdvancePlan(input: $input) { replayed plan { id version totalAdvance current } } }`,
      { input: { schemeCode: S, year: Y, allocationRunId: run, idempotencyKey: 'susp-plan' } },
    );
    expect(created.createAdvancePlan.plan).toMatchObject({ version: 1, totalAdvance: '3600.00', current: true });
    planId = created.createAdvancePlan.plan.id;
  });
  afterAll(() => t.close());

  async function submitReport(code: string, year: number): Promise<void> {
    const ctl = await t.tokens.controller(code);
    const draft = await t.ok<{ createReportDraft: { id: string } }>(
      `mutation($input: CreateReportDraftInput!) { createReportDraft(input: $input) { id } }`,
      { input: { municipalityCode: code, schemeCode: S, year, counts: [], expenditure: [], attachments: [] } },
      ctl,
    );
    await t.ok(`mutation($id: ID!) { submitReport(reportId: $id) { id } }`, { id: draft.createReportDraft.id }, ctl);
  }

  it('suspends only with an overdue report, holds the tranches, and releases once reported', async () => {
    await submitReport(OK, Y - 1);
    const refused = await t.gql(SUSPEND, { input: { schemeCode: S, year: Y, municipalityCode: OK, reason: 'no report' } });
    expect(codes(refused)).toEqual(['CONFLICT']);
    const suspended = await t.ok<{ suspendAdvances: { action: string; actor: string; overdueYears: number[] } }>(SUSPEND, {
      input: { schemeCode: S, year: Y, municipalityCode: M, reason: `report ${Y - 1} overdue` },
    });
    expect(suspended.suspendAdvances).toEqual({
      action: 'SUSPEND',
      reason: `report ${Y - 1} overdue`,
      actor: 'fo-1',
      overdueYears: [Y - 1],
    });
    expect(codes(await t.gql(SUSPEND, { input: { schemeCode: S, year: Y, municipalityCode: M, reason: 'again' } }))).toEqual(['CONFLICT']);

    const first = await t.ok<{ payTranches: { suspended: string[]; tranches: { municipalityCode: string }[]; totalAmount: string } }>(PAY, {
      input: { schemeCode: S, year: Y, dueUpTo: `${Y}-03-31`, idempotencyKey: 'susp-pay-1' },
    });
    expect(first.payTranches.suspended).toEqual([M]);
    expect(new Set(first.payTranches.tranches.map((p) => p.municipalityCode))).toEqual(new Set([OK]));
    expect(first.payTranches.totalAmount).toBe('600.00');
    expect(toFixedScale(await getBalance(t.ctx(), accounts.advance(M, S, Y)), 2)).toBe('0.00');
    const lines = await t.ok<{ advancePlanLines: { municipalityCode: string; tranches: { status: string }[] }[] }>(LINES, {
      id: planId,
      codes: [M, OK],
    });
    expect(
      lines.advancePlanLines
        .find((l) => l.municipalityCode === M)!
        .tranches.map((x) => x.status)
        .slice(0, 4),
    ).toEqual(['SUSPENDED', 'SUSPENDED', 'SUSPENDED', 'SUSPENDED']);
    expect(
      lines.advancePlanLines
        .find((l) => l.municipalityCode === OK)!
        .tranches.map((x) => x.status)
        .slice(0, 4),
    ).toEqual(['PAID', 'PAID', 'PAID', 'PLANNED']);
    // The per-month totals the Advances page shows (decision 1760) are the sums of these tranches.
    const months = await t.ok<{ advancePlanMonths: Month[] }>(MONTHS, { id: planId });
    expect(months.advancePlanMonths).toHaveLength(12);
    // The plan has a line (zero for the others) for every municipality; only M's tranche is unpaid.
    const [january] = months.advancePlanMonths;
    expect(january).toMatchObject({ month: `${Y}-01`, planned: '300.00', paid: '200.00', suspended: '100.00' });
    expect(january!.tranches).toBeGreaterThan(2);
    expect(january!.tranchesPaid).toBe(january!.tranches - 1);
    expect(months.advancePlanMonths).toEqual(await monthsFromLines(null));
    const ctlMonths = await t.ok<{ advancePlanMonths: Month[] }>(MONTHS, { id: planId }, await t.tokens.controller(OK));
    expect(ctlMonths.advancePlanMonths[0]).toEqual({
      month: `${Y}-01`,
      planned: '200.00',
      paid: '200.00',
      suspended: '0.00',
      tranches: 1,
      tranchesPaid: 1,
    });
    expect(ctlMonths.advancePlanMonths).toEqual(await monthsFromLines([OK]));

    expect(codes(await t.gql(RELEASE, { input: { schemeCode: S, year: Y, municipalityCode: M, reason: 'too early' } }))).toEqual([
      'CONFLICT',
    ]);
    await submitReport(M, Y - 1);
    const released = await t.ok<{ releaseAdvances: { action: string; overdueYears: number[] } }>(RELEASE, {
      input: { schemeCode: S, year: Y, municipalityCode: M, reason: 'report received' },
    });
    expect(released.releaseAdvances).toEqual({ action: 'RELEASE', overdueYears: [] });
    const second = await t.ok<{
      payTranches: { suspended: string[]; tranches: { municipalityCode: string; index: number; amount: string }[] };
    }>(PAY, {
      input: { schemeCode: S, year: Y, dueUpTo: `${Y}-03-31`, idempotencyKey: 'susp-pay-2' },
    });
    expect(second.payTranches.suspended).toEqual([]);
    expect(second.payTranches.tranches).toEqual([0, 1, 2].map((index) => ({ municipalityCode: M, index, amount: '100.00' })));
    expect(toFixedScale(await getBalance(t.ctx(), accounts.advance(M, S, Y)), 2)).toBe('300.00');
    const history = await t.ok<{ advanceSuspensions: unknown[] }>(
      `query($codes: [String!]) { advanceSuspensions(schemeCode: "${S}", year: ${Y}, municipalityCodes: $codes) { action reason actor overdueYears } }`,
      { codes: [M] },
    );
    expect(history.advanceSuspensions).toEqual([
      { action: 'SUSPEND', reason: `report ${Y - 1} overdue`, actor: 'fo-1', overdueYears: [Y - 1] },
      { action: 'RELEASE', reason: 'report received', actor: 'fo-1', overdueYears: [] },
    ]);
    const ctlHistory = await t.gql(
      `query { advanceSuspensions(schemeCode: "${S}", year: ${Y}, municipalityCodes: ["${M}"]) { action } }`,
      {},
      await t.tokens.controller(OK),
    );
    expect(codes(ctlHistory)).toEqual(['FORBIDDEN']);
  });

  it('scopes controllers to their own municipality and refuses writes', async () => {
    const ctl = await t.tokens.controller(OK);
    const own = await t.ok<{ advancePlanLines: { municipalityCode: string }[] }>(LINES, { id: planId, codes: null }, ctl);
    expect(own.advancePlanLines.map((l) => l.municipalityCode)).toEqual([OK]);
    expect(codes(await t.gql(LINES, { id: planId, codes: [M] }, ctl))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(PAY, { input: { schemeCode: S, year: Y, dueUpTo: `${Y}-12-31`, idempotencyKey: 'ctl-pay' } }, ctl))).toEqual([
      'FORBIDDEN',
    ]);
    expect(
      codes(await t.gql(PAY, { input: { schemeCode: S, year: Y, dueUpTo: `${Y}-12-31`, idempotencyKey: 'aud-pay' } }, t.tokens.auditor)),
    ).toEqual(['FORBIDDEN']);
    const plans = await t.ok<{ advancePlans: { totalAdvance: string }[] }>(
      `query { advancePlans(schemeCode: "${S}", year: ${Y}) { totalAdvance } }`,
      {},
      ctl,
    );
    expect(plans.advancePlans).toEqual([{ totalAdvance: '2400.00' }]);
  });

  it('refuses a payment date that is not a date and a wrong run', async () => {
    const bad = await t.gql(PAY, { input: { schemeCode: S, year: Y, dueUpTo: '2024-13-01', idempotencyKey: 'bad-date' } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.dueUpTo' });
    const wrong = await t.gql(`mutation($input: ReviseAdvancePlanInput!) { reviseAdvancePlan(input: $input) { replayed } }`, {
      input: { schemeCode: S, year: Y, allocationRunId: '00000000-0000-4000-8000-000000000000', reason: 'x', idempotencyKey: 'bad-run' },
    });
    expect(codes(wrong)).toEqual(['NOT_FOUND']);
  });
});
