import { createTestApp, codes, type TestApp } from '../helpers/test-app';
import { countsAndRun, createTestRules, createTestScheme } from '../helpers/advances';
import { money, toFixedScale } from '../../src/common/money/money';
import { Role } from '../../src/common/auth/actor';
import { RunStage } from '../../src/modules/allocations';
import { createAdvancePlan, payTranches } from '../../src/modules/advances';
import { draftSettlement, finaliseSettlement, getSettlement, invoiceRecovery, recordRecoveryReceived } from '../../src/modules/settlements';
import { accounts, getBalance } from '../../src/modules/ledger';
import { runLedgerChecks } from '../../src/modules/ledger/ledger.checks';

const X = 'GM0363';
const Z = 'GM0344';

describe('settlement corrections, invoices and spending-based settlement', () => {
  let t: TestApp;
  const fo1 = () => t.ctx(Role.FINANCE_OFFICER, null, 'fo-1');
  const fo2 = () => t.ctx(Role.FINANCE_OFFICER, null, 'fo-2');
  const bal = async (account: string) => toFixedScale(await getBalance(fo1(), account), 2);

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 4 });
  });
  afterAll(() => t.close());

  it('a finalised settlement is corrected only by a new one that reverses and replaces it', async () => {
    const S = 'CORR-TEST';
    const Y = 2030;
    await createTestScheme(fo1(), S, Y, '1000.00');
    const rules = await createTestRules(fo1(), S);
    const prov = await countsAndRun(fo1(), {
      code: S,
      year: Y,
      ruleId: rules.forecast,
      basis: 'FORECAST',
      stage: RunStage.PROVISIONAL,
      counts: { [X]: '2', [Z]: '1' },
      key: 'c-prov',
    });
    await createAdvancePlan(fo1(), { schemeCode: S, year: Y, allocationRunId: prov, idempotencyKey: 'c-plan' });
    await payTranches(fo1(), { schemeCode: S, year: Y, dueUpTo: `${Y}-12-31`, idempotencyKey: 'c-pay' });
    expect(await bal(accounts.advance(X, S, Y))).toBe('2000.00');

    const def = await countsAndRun(fo1(), {
      code: S,
      year: Y,
      ruleId: rules.registered,
      basis: 'REGISTERED',
      stage: RunStage.DEFINITIVE,
      counts: { [X]: '1.5', [Z]: '1.2' },
      key: 'c-def',
    });
    await expect(
      draftSettlement(fo1(), { schemeCode: S, year: Y, allocationRunId: prov, recoveryMode: 'INVOICE', idempotencyKey: 'c-d-prov' }),
    ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.allocationRunId' } });
    const stale = await draftSettlement(fo1(), {
      schemeCode: S,
      year: Y,
      allocationRunId: def,
      recoveryMode: 'INVOICE',
      idempotencyKey: 'c-d0',
    });
    const first = await draftSettlement(fo1(), {
      schemeCode: S,
      year: Y,
      allocationRunId: def,
      recoveryMode: 'INVOICE',
      idempotencyKey: 'c-d1',
    });
    await finaliseSettlement(fo2(), { settlementId: first.settlement.id, idempotencyKey: 'c-f1', effectiveDate: `${Y + 1}-05-15` });
    await expect(finaliseSettlement(fo2(), { settlementId: stale.settlement.id, idempotencyKey: 'c-f0' })).rejects.toMatchObject({
      extensions: { code: 'CONFLICT' },
    });
    // X: 1500.00 − 2000.00 = −500.00 invoiced; Z: 1200.00 − 1000.00 = +200.00 paid.
    expect(await bal(accounts.receivable(X, S))).toBe('500.00');
    expect(await bal(accounts.advance(X, S, Y))).toBe('0.00');
    expect(await bal(accounts.advance(Z, S, Y))).toBe('0.00');
    expect(await bal(accounts.bank())).toBe('-3200.00');
    expect(await bal(accounts.expense(S, Y))).toBe('2700.00');

    const corr = await countsAndRun(fo1(), {
      code: S,
      year: Y,
      ruleId: rules.registered,
      basis: 'REGISTERED',
      stage: RunStage.CORRECTION,
      counts: { [X]: '1.8', [Z]: '1' },
      key: 'c-corr',
    });
    const second = await draftSettlement(fo2(), {
      schemeCode: S,
      year: Y,
      allocationRunId: corr,
      recoveryMode: 'INVOICE',
      idempotencyKey: 'c-d2',
    });
    expect(second.settlement.replacesId).toBe(first.settlement.id);
    await expect(finaliseSettlement(fo2(), { settlementId: second.settlement.id, idempotencyKey: 'c-f2' })).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN', reason: 'FOUR_EYES' },
    });
    const done = await finaliseSettlement(fo1(), {
      settlementId: second.settlement.id,
      idempotencyKey: 'c-f2',
      effectiveDate: `${Y + 1}-09-01`,
    });
    const old = await getSettlement(fo1(), first.settlement.id);
    expect(old.status).toBe('REPLACED');
    expect(done.finalisation.reversalTransactionIds).toHaveLength(old.transactionIds.length);
    // X: 1800.00 − 2000.00 = −200.00 invoiced; Z: 1000.00 − 1000.00 = 0.
    expect(await bal(accounts.receivable(X, S))).toBe('200.00');
    expect(await bal(accounts.advance(X, S, Y))).toBe('0.00');
    expect(await bal(accounts.advance(Z, S, Y))).toBe('0.00');
    expect(await bal(accounts.expense(S, Y))).toBe('2800.00');
    expect(await bal(accounts.bank())).toBe('-3000.00');

    await expect(
      recordRecoveryReceived(fo1(), { schemeCode: S, year: Y, municipalityCode: X, amount: money('200.01'), idempotencyKey: 'c-r0' }),
    ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.amount' } });
    await recordRecoveryReceived(fo1(), { schemeCode: S, year: Y, municipalityCode: X, amount: money('200.00'), idempotencyKey: 'c-r1' });
    await recordRecoveryReceived(fo1(), { schemeCode: S, year: Y, municipalityCode: X, amount: money('200.00'), idempotencyKey: 'c-r1' });
    expect(await bal(accounts.receivable(X, S))).toBe('0.00');
    expect(await bal(accounts.bank())).toBe('-2800.00');
    await expect(invoiceRecovery(fo1(), { schemeCode: S, year: Y, municipalityCode: X, idempotencyKey: 'c-i1' })).rejects.toMatchObject({
      extensions: { code: 'CONFLICT' },
    });
    expect((await runLedgerChecks(fo1())).filter((r) => r.rows.length > 0)).toEqual([]);
  });

  it('shows the overrun against the budget with the pro-rata cut, and an underrun without a cut', async () => {
    const S = 'OVR-TEST';
    const Y = 2036;
    await createTestScheme(fo1(), S, Y, '1000.00', { budget: '2000.00' });
    const rules = await createTestRules(fo1(), S);
    const def = await countsAndRun(fo1(), {
      code: S,
      year: Y,
      ruleId: rules.registered,
      basis: 'REGISTERED',
      stage: RunStage.DEFINITIVE,
      counts: { [X]: '1.5', [Z]: '1.2' },
      key: 'o-def',
    });
    const Q = `query($id: ID) { overrunView(schemeCode: "${S}", year: ${Y}, allocationRunId: $id) {
      budget total overrun percentage lines { municipalityCode entitlement afterCut reduction } } }`;
    const view = await t.ok<{
      overrunView: { budget: string; total: string; overrun: string; percentage: string; lines: Record<string, string | null>[] };
    }>(Q, { id: def });
    // 2700.00 against 2000.00: +700.00 = 35.00 %; cut: 2000 × 1500/2700 = 1111.11|1, 2000 × 1200/2700 = 888.88|9 -> the cent to Z.
    expect(view.overrunView).toMatchObject({ budget: '2000.00', total: '2700.00', overrun: '700.00', percentage: '35.00' });
    expect(view.overrunView.lines.filter((l) => l.entitlement !== '0.00')).toEqual([
      { municipalityCode: Z, entitlement: '1200.00', afterCut: '888.89', reduction: '311.11' },
      { municipalityCode: X, entitlement: '1500.00', afterCut: '1111.11', reduction: '388.89' },
    ]);
    const own = await t.ok<{ overrunView: { total: string; lines: { municipalityCode: string }[] } }>(
      Q,
      { id: null },
      await t.tokens.controller(X),
    );
    expect(own.overrunView.total).toBe('2700.00');
    expect(own.overrunView.lines.map((l) => l.municipalityCode)).toEqual([X]);

    const under = await countsAndRun(fo1(), {
      code: S,
      year: Y,
      ruleId: rules.registered,
      basis: 'REGISTERED',
      stage: RunStage.CORRECTION,
      counts: { [X]: '1', [Z]: '0.5' },
      key: 'o-corr',
    });
    const v2 = await t.ok<{ overrunView: { overrun: string; percentage: string; lines: { afterCut: string | null }[] } }>(Q, { id: under });
    expect(v2.overrunView).toMatchObject({ overrun: '-500.00', percentage: '-25.00' });
    expect(v2.overrunView.lines.every((l) => l.afterCut === null)).toBe(true);
  });

  it('plans on a custom schedule (three circulars) and refuses a bad one naming the field', async () => {
    const S = 'SCHED-TEST';
    const Y = 2037;
    await createTestScheme(fo1(), S, Y, '1000.00');
    const rules = await createTestRules(fo1(), S);
    const run = await countsAndRun(fo1(), {
      code: S,
      year: Y,
      ruleId: rules.forecast,
      basis: 'FORECAST',
      stage: RunStage.PROVISIONAL,
      counts: { [X]: '1' },
      key: 'sch',
    });
    await expect(
      createAdvancePlan(fo1(), {
        schemeCode: S,
        year: Y,
        allocationRunId: run,
        schedule: [{ dueDate: `${Y}-06-01` }, { dueDate: `${Y}-03-01` }],
        idempotencyKey: 'sch-bad',
      }),
    ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.schedule[1].dueDate' } });
    const { plan } = await createAdvancePlan(fo1(), {
      schemeCode: S,
      year: Y,
      allocationRunId: run,
      schedule: [
        { dueDate: `${Y}-03-15`, weight: money('1') },
        { dueDate: `${Y}-06-01`, weight: money('1') },
        { dueDate: `${Y}-09-20`, weight: money('1') },
      ],
      idempotencyKey: 'sch-plan',
    });
    const rows = await t.dataSource.query<{ d: string; a: string }[]>(
      `SELECT to_char(due_date, 'YYYY-MM-DD') AS d, amount::text AS a FROM advance_plan_tranches WHERE plan_id = $1 AND municipality_code = $2 ORDER BY idx`,
      [plan.id, X],
    );
    // 1000.00 / 3: 333.33 each, the leftover cent to the earliest tranche.
    expect(rows).toEqual([
      { d: `${Y}-03-15`, a: '333.34' },
      { d: `${Y}-06-01`, a: '333.33' },
      { d: `${Y}-09-20`, a: '333.33' },
    ]);
  });

  it('settles on spending: min(entitlement, accepted spending); no accepted report means AWAITING_REPORT and no booking', async () => {
    const S = 'SPEND-TEST';
    const Y = 2031;
    await createTestScheme(fo1(), S, Y, '1000.00', { settlesOnSpending: true, deadline: `${Y + 1}-07-15` });
    const rules = await createTestRules(fo1(), S);
    const def = await countsAndRun(fo1(), {
      code: S,
      year: Y,
      ruleId: rules.registered,
      basis: 'REGISTERED',
      stage: RunStage.DEFINITIVE,
      counts: { [X]: '2', [Z]: '1' },
      key: 'sp-def',
    });
    const ctl = await t.tokens.controller(X);
    const created = await t.ok<{ createReportDraft: { id: string } }>(
      `mutation($input: CreateReportDraftInput!) { createReportDraft(input: $input) { id } }`,
      {
        input: {
          municipalityCode: X,
          schemeCode: S,
          year: Y,
          counts: [{ category: 'ASIELSTATUSHOUDER', count: '2' }],
          expenditure: [
            { component: 'LANGUAGE_AND_INTEGRATION', amount: '1500.40' },
            { component: 'IMPLEMENTATION_COSTS', amount: '900.00' },
          ],
          attachments: [],
        },
      },
      ctl,
    );
    const id = created.createReportDraft.id;
    await t.ok(`mutation($id: ID!) { submitReport(reportId: $id) { id } }`, { id }, ctl);
    await t.ok(`mutation($input: DecideReportInput!) { decideReport(input: $input) { id } }`, {
      input: { reportId: id, decision: 'ACCEPT' },
    });

    const draft = await draftSettlement(fo1(), {
      schemeCode: S,
      year: Y,
      allocationRunId: def,
      recoveryMode: 'OFFSET',
      idempotencyKey: 'sp-d',
    });
    const view = await getSettlement(fo1(), draft.settlement.id);
    expect(view.lines.find((l) => l.municipalityCode === X)).toMatchObject({
      status: 'SETTLED',
      countBased: '2000.00',
      acceptedSpending: '1500.40',
      finalEntitlement: '1500.40',
      paid: '0.00',
      amount: '1500.40',
    });
    expect(view.lines.find((l) => l.municipalityCode === Z)).toMatchObject({
      status: 'AWAITING_REPORT',
      finalEntitlement: null,
      amount: null,
    });
    await finaliseSettlement(fo2(), { settlementId: draft.settlement.id, idempotencyKey: 'sp-f' });
    expect(await bal(accounts.expense(S, Y))).toBe('1500.40');
    expect(await bal(accounts.advance(X, S, Y))).toBe('0.00');
    expect(await bal(accounts.advance(Z, S, Y))).toBe('0.00');

    // A controller reads only its own line; another municipality's statement is FORBIDDEN.
    const mine = await t.ok<{ settlement: { lines: { municipalityCode: string }[] } }>(
      `query($id: ID!) { settlement(id: $id) { lines { municipalityCode } } }`,
      { id: draft.settlement.id },
      ctl,
    );
    expect(mine.settlement.lines.map((l) => l.municipalityCode)).toEqual([X]);
    const other = await t.gql(
      `query { municipalityAdvanceStatement(schemeCode: "${S}", year: ${Y}, municipalityCode: "${Z}") { totalPaid } }`,
      {},
      ctl,
    );
    expect(codes(other)).toEqual(['FORBIDDEN']);
  });
});
