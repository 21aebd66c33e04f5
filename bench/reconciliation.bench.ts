import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, initialise } from '../src/common/db/data-source';
import { systemContext } from '../src/fixtures';
import { money } from '../src/common/money/money';
import { Role } from '../src/common/auth/actor';
import type { RequestContext } from '../src/context';
import {
  addRate,
  createScheme,
  AttributionRule,
  BudgetMode,
  Category,
  CountBasis,
  FundingStream,
  SchemeStatus,
} from '../src/modules/schemes';
import { recordCounts } from '../src/modules/counts';
import { createAllocationRule, runAllocation, RunStage } from '../src/modules/allocations';
import { createAdvancePlan, payTranches } from '../src/modules/advances';
import { draftSettlement, finaliseSettlement } from '../src/modules/settlements';
import { accounts, postTransactions, publishCheckpoint, verifyJournal, type PostInput } from '../src/modules/ledger';
import { getReconciliationRun, processRun, processRuns, startReconciliation } from '../src/modules/reconciliation';
import { timed, type Benchmark, type Figure } from './harness';

const SCHEME = 'REC-BENCH';
const YEARS = [2022, 2023, 2024, 2025, 2026];
/** The running year: advances paid up to June only, so the tranches due since show as not paid. */
const RUNNING = 2026;

const as = (ds: DataSource, role: Role, subject: string): RequestContext => ({
  ...systemContext(ds),
  actor: { subject, role, municipalityCode: null },
});

/** Deterministic count per municipality and year (persons, with decimals as DUO reports them). */
const countOf = (i: number, year: number, registered: boolean): string =>
  money(String(5 + ((i * 37 + year * 11) % 400)))
    .plus(registered ? money(String((i * 13) % 50)).div(10) : 0)
    .toFixed(1);

async function countsAndRun(
  ctx: RequestContext,
  codes: string[],
  year: number,
  ruleVersionId: string,
  basis: 'FORECAST' | 'REGISTERED',
  stage: RunStage,
): Promise<string> {
  const key = `${SCHEME}-${year}-${basis}`;
  await recordCounts(ctx, {
    batchKey: `counts:${key}`,
    rows: codes.map((municipalityCode, i) => ({
      municipalityCode,
      periodType: 'YEAR',
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      category: 'ASIELSTATUSHOUDER',
      route: null,
      basis,
      rule: basis === 'REGISTERED' ? 'PEILDATUM' : null,
      source: basis === 'REGISTERED' ? 'DUO' : 'MINISTRY',
      value: countOf(i, year, basis === 'REGISTERED'),
    })),
  });
  const outcome = await runAllocation(ctx, { schemeCode: SCHEME, year, ruleVersionId, stage, idempotencyKey: `run:${key}`, dryRun: false });
  return outcome.run.id;
}

/**
 * Five scheme-years through the real services, as a finance officer would have produced them:
 * a provisional allocation (booked), an advance plan of 12 monthly tranches and their payment,
 * a definitive allocation and a finalised settlement (four eyes) for the four closed years; the
 * running year has its tranches paid up to June only.
 */
async function buildSchemeYears(ds: DataSource, codes: string[]): Promise<void> {
  const fo1 = as(ds, Role.FINANCE_OFFICER, 'bench-fo-1');
  const fo2 = as(ds, Role.FINANCE_OFFICER, 'bench-fo-2');
  const rule = {
    schemeCode: SCHEME,
    referenceDate: null,
    categories: [{ category: Category.ASIELSTATUSHOUDER, route: null }],
    useBaseAmounts: false,
    description: '',
  };
  for (const year of YEARS) {
    await createScheme(fo1, {
      code: SCHEME,
      name: `${SCHEME} ${year}`,
      stream: FundingStream.INTEGRATION_PROVISIONS,
      year,
      budgetMode: BudgetMode.OPEN_ENDED,
      budget: money('1000000000.00'),
      unitScale: 2,
      settlesOnSpending: false,
      usesRoutes: false,
      status: SchemeStatus.OPEN,
    });
    await addRate(fo1, {
      schemeCode: SCHEME,
      category: Category.ASIELSTATUSHOUDER,
      route: null,
      validFrom: `${year}-01-01`,
      amount: money('10149.00'),
    });
  }
  const forecast = await createAllocationRule(fo1, {
    ...rule,
    ruleKey: `${SCHEME}-FORECAST`,
    basis: CountBasis.FORECAST,
    attributionRule: null,
  });
  const registered = await createAllocationRule(fo1, {
    ...rule,
    ruleKey: `${SCHEME}-REGISTERED`,
    basis: CountBasis.REGISTERED,
    attributionRule: AttributionRule.PEILDATUM,
  });
  for (const year of YEARS) {
    const prov = await countsAndRun(fo1, codes, year, forecast.id, 'FORECAST', RunStage.PROVISIONAL);
    await createAdvancePlan(fo1, { schemeCode: SCHEME, year, allocationRunId: prov, idempotencyKey: `plan-${year}` });
    const dueUpTo = year === RUNNING ? `${year}-06-30` : `${year}-12-31`;
    await payTranches(fo1, { schemeCode: SCHEME, year, dueUpTo, idempotencyKey: `pay-${year}` });
    if (year === RUNNING) {
      continue;
    }
    const def = await countsAndRun(fo1, codes, year, registered.id, 'REGISTERED', RunStage.DEFINITIVE);
    const draft = await draftSettlement(fo1, {
      schemeCode: SCHEME,
      year,
      allocationRunId: def,
      recoveryMode: 'INVOICE',
      idempotencyKey: `draft-${year}`,
    });
    await finaliseSettlement(fo2, {
      settlementId: draft.settlement.id,
      idempotencyKey: `final-${year}`,
      effectiveDate: `${year + 1}-05-15`,
    });
  }
}

/**
 * Ledger traffic on the reconciled accounts that nets to zero per account (except for the last
 * tranche when the count is odd): a tranche paid
 * (advance debit, bank credit) and, as the next transaction, its refund. The reconciliation has
 * to read every one of these postings and must find no difference in them.
 */
function traffic(start: number, count: number, codes: string[]): PostInput[] {
  return Array.from({ length: count }, (_, k) => {
    const i = start + k;
    const pair = Math.floor(i / 2);
    const m = codes[pair % codes.length] ?? 'GM0363';
    const year = YEARS[Math.floor(pair / codes.length) % YEARS.length] ?? RUNNING;
    const amount = money(String(1 + ((pair * 7919) % 9_999_999))).div(100);
    const refund = i % 2 === 1;
    const advance = accounts.advance(m, SCHEME, year);
    return {
      idempotencyKey: `rec-bench-${i}`,
      kind: refund ? 'RECOVERY' : 'ADVANCE_TRANCHE',
      effectiveDate: `${year}-${String(1 + (pair % 12)).padStart(2, '0')}-15`,
      reason: refund ? 'benchmark refund of an extra tranche' : 'benchmark extra tranche',
      cause: { type: 'BENCH', id: String(pair) },
      postings: [
        { account: advance, direction: refund ? 'CREDIT' : 'DEBIT', amount },
        { account: accounts.bank(), direction: refund ? 'DEBIT' : 'CREDIT', amount },
      ],
    };
  });
}

/** The benchmark's data: five scheme-years through the services, then ledger traffic up to `target` journal lines. */
export async function buildData(
  ds: DataSource,
  codes: string[],
  target: number,
  batch: number,
): Promise<{ services: { ms: number }; fill: { ms: number }; fromServices: string }> {
  const ctx = systemContext(ds);
  const services = await timed(() => buildSchemeYears(ds, codes));
  const [{ n: fromServices }] = await ds.query<[{ n: string }]>(`SELECT count(*)::text AS n FROM journal_postings`);
  const fill = await timed(async () => {
    let posted = 0;
    // An odd count: the last extra tranche is never refunded, the one difference planted in the traffic.
    const need = Math.max(0, Math.ceil((target - Number(fromServices)) / 2)) | 1;
    while (posted < need) {
      const count = Math.min(batch, need - posted);
      await postTransactions(ctx, traffic(posted, count, codes));
      posted += count;
    }
  });
  return { services, fill, fromServices };
}

/** The physical limit: one GROUP BY summing the same postings per account of the five scheme-years. */
async function groupBy(databaseUrl: string): Promise<{ ms: number; accounts: number; postings: number }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await timed(() =>
      client.query<{ address: string; net: string; n: string }>(
        `SELECT a.address, SUM(CASE WHEN p.direction = 'DEBIT' THEN p.amount ELSE -p.amount END)::text AS net, count(*)::text AS n
           FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id
          WHERE a.scheme_code = $1 GROUP BY a.address`,
        [SCHEME],
      ),
    );
    return { ms: r.ms, accounts: r.result.rows.length, postings: r.result.rows.reduce((s, x) => s + Number(x.n), 0) };
  } finally {
    await client.end();
  }
}

/**
 * Reconciliation of five scheme-years over every municipality with a million journal lines: five
 * runs started as the GraphQL mutation starts them and processed as the worker processes them,
 * one after the other, against one GROUP BY over the same postings (and, as a second reference,
 * the journal verification every run includes).
 */
export const reconciliationBenchmark: Benchmark = {
  name: 'reconciliation',
  async run({ databaseUrl, quick }): Promise<Figure[]> {
    const target = quick ? 100_000 : 1_000_000;
    const batch = 5000;
    const ds = createDataSource({ url: databaseUrl, poolSize: 4 });
    await initialise(ds);
    try {
      const ctx = systemContext(ds);
      const codes = (await ds.query<{ code: string }[]>(`SELECT code FROM municipalities ORDER BY code`)).map((r) => r.code);
      const { services, fill, fromServices } = await buildData(ds, codes, target, batch);
      await ds.query('VACUUM ANALYZE');
      const [{ lines, txs }] = await ds.query<[{ lines: string; txs: string }]>(
        `SELECT (SELECT count(*) FROM journal_postings)::text AS lines, (SELECT count(*) FROM journal_transactions)::text AS txs`,
      );
      const auditor = as(ds, Role.AUDITOR, 'bench-auditor');
      const summary = async (ids: string[]) => {
        const runs = [];
        for (const id of ids) {
          const done = await getReconciliationRun(auditor, id);
          if (done.status !== 'SUCCEEDED') {
            throw new Error(`reconciliation ${id} ended ${done.status}: ${done.error ?? ''}`);
          }
          runs.push(done);
        }
        const causes = await ds.query<{ c: string; n: string }[]>(
          `SELECT r.year || ' ' || d.check_code || '/' || d.cause AS c, count(*)::text AS n
             FROM reconciliation_differences d JOIN reconciliation_runs r ON r.id = d.run_id
            WHERE d.run_id = ANY($1::uuid[]) GROUP BY 1 ORDER BY 1`,
          [ids],
        );
        return {
          causes: causes.map((c) => `${c.c} ×${c.n}`).join(', '),
          differences: runs.reduce((sum, r) => sum + (r.differenceCount ?? 0), 0),
          municipalities: Math.max(...runs.map((r) => r.progressTotal)),
          perYear: runs
            .map((r) => `${r.year}: ${r.differenceCount ?? 0} differences, ${((r.durationMs ?? 0) / 1000).toFixed(1)} s`)
            .join('; '),
        };
      };
      // The daily checkpoint, as the daily job publishes it in production (a full verification
      // from genesis, then signed): after the fill, timed and reported apart (decision 1780).
      const daily = await timed(() => publishCheckpoint(ctx, 'DAILY', { full: true }));
      if (daily.result.checkpoint === null) {
        throw new Error('the daily checkpoint was not published: the benchmark journal does not verify');
      }
      // Five runs one after the other, each started when the previous one has finished (issue 19
      // item 4): each verifies only what was appended since the last checkpoint (decision 1702),
      // the first one from the daily checkpoint.
      const single: string[] = [];
      const oneByOne = await timed(async () => {
        for (const year of YEARS) {
          const run = await startReconciliation(auditor, { schemeCode: SCHEME, year });
          await processRun(ds, run.id);
          single.push(run.id);
        }
      });
      const o = await summary(single);
      // As the worker does it: five runs queued (five startReconciliation mutations), then the
      // worker's processRuns over every run it finds queued: one verification (from the last
      // checkpoint) for the five.
      const queued: string[] = [];
      const together = await timed(async () => {
        for (const year of YEARS) {
          queued.push((await startReconciliation(auditor, { schemeCode: SCHEME, year })).id);
        }
        await processRuns(ds, queued);
      });
      const t = await summary(queued);
      // What was planted: the running year's tranches due since July not paid (one per
      // municipality), and one extra tranche never refunded. A run that finds anything else is wrong.
      for (const found of [t, o]) {
        if (found.differences !== codes.length + 1) {
          throw new Error(`expected ${codes.length + 1} differences, found ${found.differences}: ${found.causes}`);
        }
      }
      const limit = await groupBy(databaseUrl);
      const verify = await timed(() => verifyJournal(ctx));
      if (!verify.result.ok) {
        throw new Error('the benchmark journal does not verify');
      }
      const dataSize = `${t.municipalities} municipalities × ${YEARS.length} scheme-years, ${lines} journal lines (${txs} transactions; ${limit.postings} lines on the ${limit.accounts} reconciled accounts)`;
      const data =
        `Data: ${fromServices} lines through the services (allocations, advance plans, tranches, 4 settlements) in ${(services.ms / 1000).toFixed(1)} s, ` +
        `the rest through postTransactions in batches of ${batch} in ${(fill.ms / 1000).toFixed(1)} s. ` +
        `verifyJournal alone: ${(verify.ms / 1000).toFixed(1)} s (${verify.result.count} transactions)`;
      const dailyFigure: Figure = {
        name: 'daily checkpoint after the fill (publishCheckpoint DAILY: full verification from genesis, signed)',
        value: daily.ms / 1000,
        unit: 's',
        baseline: { name: 'verifyJournal alone over the same journal', value: verify.ms / 1000, unit: 's' },
        ratio: verify.ms / daily.ms,
        ratioMeaning: 'verifyJournal time / checkpoint time (not part of the five runs: the daily job does it once a day)',
        dataSize: `${daily.result.verification.count} transactions verified, checkpoint at sequence ${daily.result.checkpoint.sequence}`,
      };
      return [
        dailyFigure,
        {
          name: "reconciliation of five scheme-years, queued together (5 × startReconciliation, the worker's processRuns)",
          value: together.ms / 1000,
          unit: 's',
          baseline: { name: 'one GROUP BY summing the same postings per account', value: limit.ms / 1000, unit: 's' },
          ratio: limit.ms / together.ms,
          ratioMeaning: 'GROUP BY time / our time (after the five single runs: verifies from their checkpoint)',
          dataSize: `${dataSize}, ${t.differences} differences found`,
          notes: `per run ${t.perYear}; by check/cause: ${t.causes}. ${data}`,
        },
        {
          name: 'reconciliation of five scheme-years, one run after the other (startReconciliation + processRun per year)',
          value: oneByOne.ms / 1000,
          unit: 's',
          baseline: { name: 'one GROUP BY summing the same postings per account', value: limit.ms / 1000, unit: 's' },
          ratio: limit.ms / oneByOne.ms,
          ratioMeaning:
            'GROUP BY time / our time (target: ours under 30 s; each run verifies from the last checkpoint, the first from the daily one published after the fill)',
          dataSize: `${dataSize}, ${o.differences} differences found`,
          notes: `per run ${o.perYear}; by check/cause: ${o.causes}`,
        },
      ];
    } finally {
      await ds.destroy();
    }
  },
};
