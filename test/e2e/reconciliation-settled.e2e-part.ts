import { createTestApp, type TestApp } from '../helpers/test-app';
import { countsAndRun, createTestRules, createTestScheme } from '../helpers/advances';
import { money } from '../../src/common/money/money';
import { Role } from '../../src/common/auth/actor';
import { RunStage } from '../../src/modules/allocations';
import { createAdvancePlan, payTranches } from '../../src/modules/advances';
import { draftSettlement, finaliseSettlement, recordRecoveryReceived } from '../../src/modules/settlements';
import { accounts } from '../../src/modules/ledger';
import {
  listReconciliationDifferences,
  processRun,
  startReconciliation,
  getReconciliationRun,
  type FrozenInputs,
} from '../../src/modules/reconciliation';

const S = 'SETREC-TEST';
const Y = 2026;
const X = 'GM0363';
const Z = 'GM0344';

describe('reconciliation of a settled scheme-year', () => {
  let t: TestApp;
  const fo1 = () => t.ctx(Role.FINANCE_OFFICER, null, 'fo-1');
  const fo2 = () => t.ctx(Role.FINANCE_OFFICER, null, 'fo-2');
  const auditor = () => t.ctx(Role.AUDITOR, null, 'auditor-1');

  async function reconcile() {
    const run = await startReconciliation(auditor(), { schemeCode: S, year: Y });
    await processRun(t.dataSource, run.id);
    const done = await getReconciliationRun(auditor(), run.id);
    const diffs = await listReconciliationDifferences(auditor(), run.id, {}, 500, null);
    return { run: done, diffs: diffs.edges.map((e) => [e.node.checkCode, e.node.municipalityCode, e.node.cause, e.node.difference]) };
  }

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 4 });
    await createTestScheme(fo1(), S, Y, '1000.00');
    const rules = await createTestRules(fo1(), S);
    const prov = await countsAndRun(fo1(), {
      code: S,
      year: Y,
      ruleId: rules.forecast,
      basis: 'FORECAST',
      stage: RunStage.PROVISIONAL,
      counts: { [X]: '2', [Z]: '1' },
      key: 'sr-prov',
    });
    await createAdvancePlan(fo1(), { schemeCode: S, year: Y, allocationRunId: prov, idempotencyKey: 'sr-plan' });
    await payTranches(fo1(), { schemeCode: S, year: Y, dueUpTo: `${Y}-12-31`, idempotencyKey: 'sr-pay' });
    const def = await countsAndRun(fo1(), {
      code: S,
      year: Y,
      ruleId: rules.registered,
      basis: 'REGISTERED',
      stage: RunStage.DEFINITIVE,
      counts: { [X]: '1.5', [Z]: '1.2' },
      key: 'sr-def',
    });
    const draft = await draftSettlement(fo1(), {
      schemeCode: S,
      year: Y,
      allocationRunId: def,
      recoveryMode: 'INVOICE',
      idempotencyKey: 'sr-d',
    });
    await finaliseSettlement(fo2(), { settlementId: draft.settlement.id, idempotencyKey: 'sr-f', effectiveDate: `${Y + 1}-05-15` });
  }, 600_000);
  afterAll(() => t.close());

  it('after the settlement every advance is zero, committed follows the definitive decision and the receivable the open recovery', async () => {
    const { run, diffs } = await reconcile();
    expect(run.status).toBe('SUCCEEDED');
    expect(diffs).toEqual([]);
    const inputs = run.inputs as FrozenInputs;
    const net = (a: string) => inputs.ledger.balances.find((b) => b.account === a)?.net ?? '0.00';
    // X: E 1500.00 − paid 2000.00 = −500.00 invoiced; Z: 1200.00 − 1000.00 = +200.00 paid out.
    expect([
      net(accounts.advance(X, S, Y)),
      net(accounts.advance(Z, S, Y)),
      net(accounts.receivable(X, S)),
      net(accounts.committed(X, S, Y)),
    ]).toEqual(['0.00', '0.00', '500.00', '-1500.00']);
    expect(
      inputs.settlement?.lines.filter((l) => l.finalEntitlement !== '0.00').map((l) => [l.municipalityCode, l.finalEntitlement, l.paid]),
    ).toEqual([
      [Z, '1200.00', '1000.00'],
      [X, '1500.00', '2000.00'],
    ]);
  });

  it('a recovery received on the receivable is expected there too', async () => {
    await recordRecoveryReceived(fo1(), { schemeCode: S, year: Y, municipalityCode: X, amount: money('200.00'), idempotencyKey: 'sr-r1' });
    const { run, diffs } = await reconcile();
    expect(diffs).toEqual([]);
    const inputs = run.inputs as FrozenInputs;
    expect(inputs.recoveries.map((r) => [r.municipalityCode, r.action, r.amount])).toEqual([[X, 'RECEIVED_RECEIVABLE', '200.00']]);
    expect(inputs.ledger.balances.find((b) => b.account === accounts.receivable(X, S))?.net).toBe('300.00');
  });
});
