import Decimal from 'decimal.js';
import { createTestApp, codes, type TestApp } from '../helpers/test-app';
import { attributeYear } from '../../src/modules/people';
import { recordCounts } from '../../src/modules/counts';

/** From people to money: attributed REGISTERED counts feed an allocation run on that rule. */
let t: TestApp;
beforeAll(async () => {
  // Clones the run's template with the people fixture loaded as `t.ctx()` (test/helpers/test-app.ts, Seed).
  t = await createTestApp({ seed: 'people' });
});
afterAll(async () => {
  await t.close();
});

describe('attributed counts in an allocation', () => {
  it.each(['PRO_RATA_DAYS', 'EDUCATION_ROUTE'])(
    'records the %s attribution of 2026 as counts and allocates on them to the cent',
    async (rule) => {
      const ctx = t.ctx();
      const attributed = await attributeYear(ctx, { year: 2026, rule });
      const batch = await recordCounts(ctx, { batchKey: attributed.batchKey, rows: attributed.rows });
      expect(batch.rowCount).toBe(attributed.rows.length);
      const again = await recordCounts(ctx, { batchKey: attributed.batchKey, rows: attributed.rows });
      expect(again.replayed).toBe(true);

      const code = `PPL-${rule.replace(/_/g, '')}`.slice(0, 20);
      await t.ok(`mutation($input: CreateSchemeInput!) { createScheme(input: $input) { id } }`, {
        input: {
          code,
          name: `People ${rule}`,
          stream: 'INTEGRATION_PROVISIONS',
          year: 2026,
          budgetMode: 'CLOSED',
          budget: '1000000.00',
          status: 'OPEN',
        },
      });
      for (const category of ['ASIELSTATUSHOUDER', 'GEZINSMIGRANT', 'OVERIG']) {
        await t.ok(`mutation($input: AddRateInput!) { addRate(input: $input) { id } }`, {
          input: { schemeCode: code, category, amount: category === 'ASIELSTATUSHOUDER' ? '11600.00' : '800.00', validFrom: '2026-01-01' },
        });
      }
      const ruleVersion = await t.ok<{ createAllocationRule: { id: string } }>(
        `mutation($input: AllocationRuleInput!) { createAllocationRule(input: $input) { id } }`,
        {
          input: {
            ruleKey: `${code}-KEY`,
            schemeCode: code,
            basis: 'REGISTERED',
            attributionRule: rule,
            categories: [{ category: 'ASIELSTATUSHOUDER' }, { category: 'GEZINSMIGRANT' }, { category: 'OVERIG' }],
          },
        },
      );
      const r = await t.gql<{ runAllocation: { lines: { municipalityCode: string; amount: string }[]; run: { totalAmount: string } } }>(
        `mutation($input: RunAllocationInput!) { runAllocation(input: $input) { run { totalAmount } lines { municipalityCode amount } } }`,
        {
          input: {
            schemeCode: code,
            year: 2026,
            ruleVersionId: ruleVersion.createAllocationRule.id,
            stage: 'DEFINITIVE',
            idempotencyKey: `${code}-run`,
          },
        },
      );
      expect(codes(r)).toEqual([]);
      expect(r.data!.runAllocation.run.totalAmount).toBe('1000000.00');

      // Independent: per municipality and category the units of every route summed and divided once,
      // rounded to six decimals (the scheme has no routes); weights from those; floors plus leftover
      // cents to the largest remainders.
      const rate = (c: string) => new Decimal(c === 'ASIELSTATUSHOUDER' ? '11600' : '800');
      const units = new Map<string, bigint>();
      for (const row of attributed.rows) {
        const key = `${row.municipalityCode}|${row.category}`;
        units.set(key, (units.get(key) ?? 0n) + BigInt(row.units));
      }
      const weights = new Map<string, Decimal>();
      for (const [key, u] of units) {
        const [m, category] = key.split('|') as [string, string];
        const count = new Decimal(u.toString()).div(attributed.rows[0]!.divisor).toDecimalPlaces(6, Decimal.ROUND_HALF_UP);
        weights.set(m, (weights.get(m) ?? new Decimal(0)).plus(rate(category).times(count)));
      }
      const total = [...weights.values()].reduce((s, w) => s.plus(w), new Decimal(0));
      const cents = new Decimal(100000000);
      const parts = [...weights.entries()].map(([m, w]) => {
        const q = cents.times(w).div(total);
        return { m, w, floor: q.floor(), rem: q.minus(q.floor()) };
      });
      let left = cents.minus(parts.reduce((s, p) => s.plus(p.floor), new Decimal(0))).toNumber();
      parts
        .filter((p) => !p.w.isZero())
        .sort((a, b) => b.rem.comparedTo(a.rem) || (a.m < b.m ? -1 : 1))
        .forEach((p) => {
          if (left > 0) {
            p.floor = p.floor.plus(1);
            left -= 1;
          }
        });
      const expected = new Map(parts.map((p) => [p.m, p.floor.div(100).toFixed(2)]));
      for (const line of r.data!.runAllocation.lines) {
        expect(`${line.municipalityCode} ${line.amount}`).toBe(`${line.municipalityCode} ${expected.get(line.municipalityCode) ?? '0.00'}`);
      }
    },
  );
});
