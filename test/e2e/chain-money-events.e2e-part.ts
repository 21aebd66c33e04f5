import { createTestApp, type TestApp } from '../helpers/test-app';
import { countsAndRun, createTestRules, createTestScheme } from '../helpers/advances';
import { Money } from '../../src/common/money/money';
import { Role } from '../../src/common/auth/actor';
import { RunStage } from '../../src/modules/allocations';
import { createAdvancePlan, payTranches } from '../../src/modules/advances';
import { draftSettlement, finaliseSettlement } from '../../src/modules/settlements';

/**
 * Issue 17 item 3, money: a new decision (allocation run, advance plan), a payment run and a
 * finalised settlement each tell the municipalities concerned, in the same transaction as the money
 * change (decision 1511); a replay tells nobody again; the feed shows it to the municipality.
 */
const S = 'CHAIN-MONEY';
const Y = 2034;
const CODES = ['GM0034', 'GM0344', 'GM0363'];

describe('chain: money events are notified with the change', () => {
  let t: TestApp;
  const fo = (subject = 'fo-1') => t.ctx(Role.FINANCE_OFFICER, null, subject);
  let since = '0';
  /**
   * The notifications written since the last call to the three municipalities with counts (a run
   * and a settlement have a line, and tell, every municipality): [municipality, type, subject].
   */
  const written = async (): Promise<string[][]> => {
    const rows = await t.dataSource.query<{ id: string; municipality_code: string; event_type: string; subject_id: string }[]>(
      `SELECT id::text AS id, municipality_code, event_type, subject_id FROM chain_notifications WHERE id > $1::bigint ORDER BY chain_notifications.id`,
      [since],
    );
    since = rows.at(-1)?.id ?? since;
    // Nothing told twice to one municipality in one step.
    const keys = rows.map((r) => `${r.municipality_code}|${r.event_type}|${r.subject_id}`);
    expect(new Set(keys).size).toBe(keys.length);
    return rows.filter((r) => CODES.includes(r.municipality_code)).map((r) => [r.municipality_code, r.event_type, r.subject_id]);
  };

  beforeAll(async () => {
    t = await createTestApp();
    await written();
  }, 600_000);
  afterAll(() => t.close());

  it('tells each municipality of the run, the plan, the payment run and the settlement, once', async () => {
    await createTestScheme(fo(), S, Y, '1000.00');
    const rules = await createTestRules(fo(), S);
    const counts = { GM0034: '1.000', GM0344: '2.000', GM0363: '3.000' };
    const run = await countsAndRun(fo(), {
      code: S,
      year: Y,
      ruleId: rules.forecast,
      basis: 'FORECAST',
      stage: RunStage.PROVISIONAL,
      counts,
      key: 'cm-run',
    });
    expect(await written()).toEqual(CODES.map((m) => [m, 'ALLOCATION_DECIDED', run]));

    const plan = await createAdvancePlan(fo(), {
      schemeCode: S,
      year: Y,
      allocationRunId: run,
      advanceRate: new Money('0.8'),
      idempotencyKey: 'cm-plan',
    });
    expect(await written()).toEqual(CODES.map((m) => [m, 'ADVANCE_PLAN_DECIDED', plan.plan.id]));
    // The same request again is a replay: nobody is told twice.
    await createAdvancePlan(fo(), {
      schemeCode: S,
      year: Y,
      allocationRunId: run,
      advanceRate: new Money('0.8'),
      idempotencyKey: 'cm-plan',
    });
    expect(await written()).toEqual([]);

    const paid = await payTranches(fo(), { schemeCode: S, year: Y, dueUpTo: `${Y}-12-31`, idempotencyKey: 'cm-pay' });
    expect(paid.tranches.length).toBeGreaterThan(0);
    const told = await written();
    expect(told.every(([, type, subject]) => type === 'TRANCHE_PAID' && subject === 'cm-pay')).toBe(true);
    expect([...new Set(told.map(([m]) => m))]).toEqual(CODES);
    await payTranches(fo(), { schemeCode: S, year: Y, dueUpTo: `${Y}-12-31`, idempotencyKey: 'cm-pay' });
    expect(await written()).toEqual([]);

    const def = await countsAndRun(fo(), {
      code: S,
      year: Y,
      ruleId: rules.forecast,
      basis: 'REGISTERED',
      stage: RunStage.DEFINITIVE,
      counts,
      key: 'cm-def',
    });
    expect(await written()).toEqual(CODES.map((m) => [m, 'ALLOCATION_DECIDED', def]));
    const draft = await draftSettlement(fo(), {
      schemeCode: S,
      year: Y,
      allocationRunId: def,
      recoveryMode: 'INVOICE',
      idempotencyKey: 'cm-draft',
    });
    expect(await written()).toEqual([]);
    await finaliseSettlement(fo('fo-2'), { settlementId: draft.settlement.id, idempotencyKey: 'cm-fin' });
    expect(await written()).toEqual(CODES.map((m) => [m, 'SETTLEMENT_FINALISED', draft.settlement.id]));

    // A municipality reads them in its feed with its controller token.
    const feed = await t.ok<{ chainNotifications: { edges: { node: { eventType: string; subjectId: string } }[] } }>(
      `{ chainNotifications(municipalityCode: "GM0363", first: 100) { edges { node { eventType subjectId } } } }`,
      {},
      await t.tokens.controller('GM0363'),
    );
    expect(feed.chainNotifications.edges.map((e) => e.node).filter((n) => n.subjectId === draft.settlement.id)).toEqual([
      { eventType: 'SETTLEMENT_FINALISED', subjectId: draft.settlement.id },
    ]);
  }, 600_000);

  it('tells nobody when the command fails', async () => {
    await expect(
      payTranches(fo(), { schemeCode: S, year: Y, dueUpTo: `${Y}-12-31`, idempotencyKey: 'cm-pay-after-settlement' }),
    ).rejects.toMatchObject({
      extensions: expect.objectContaining({ code: 'CONFLICT' }),
    });
    expect(await written()).toEqual([]);
  });
});
