import fs from 'node:fs';
import path from 'node:path';
import type { RequestContext } from '../../context';
import { apportion, byCode } from '../../common/money/apportion';
import { money } from '../../common/money/money';
import { listMunicipalities } from '../municipalities';
import {
  addRate,
  baseAmountsOf,
  SchemeStatus,
  createScheme,
  findScheme,
  listRates,
  setBaseAmounts,
  type BudgetMode,
  type Category,
  type CountBasis,
  type FundingStream,
} from '../schemes';
import { recordCounts, type RawCountRow } from '../counts';
import { createAllocationRule, listAllocationRules } from './allocation.rule.service';
import { runAllocation } from './allocation.run.service';
import { RunStage } from './allocation.inputs';

interface FixtureFile {
  schemes: {
    code: string;
    name: string;
    stream: string;
    year: number;
    budgetMode: string;
    budget: string;
    unitScale: number;
    settlesOnSpending: boolean;
    usesRoutes: boolean;
  }[];
  rates: { schemeCode: string; category: string; validFrom: string; amount: string }[];
  baseAmounts: { schemeCode: string; year: number; amount: string };
  counts: {
    batchKey: string;
    basis: string;
    /** Attribution rule of REGISTERED counts (e.g. PEILDATUM); none for the other bases. */
    rule?: string;
    source: string;
    scale: number;
    /** Shares by population^exponent instead of population (default 1), exact to 40 digits. */
    weightExponent?: string;
    parts: { category: string; periodType: string; periodStart: string; periodEnd: string; national: string }[];
  }[];
  rules: { ruleKey: string; schemeCode: string; basis: string; attributionRule?: string; useBaseAmounts: boolean; description: string }[];
  runs: { schemeCode: string; year: number; ruleKey: string; stage: string; idempotencyKey: string }[];
}

/** fixtures/ at the repository root, from src (ts-jest) and from dist/src (compiled). */
function fixturesDir(): string {
  for (const candidate of [path.resolve(__dirname, '../../../fixtures'), path.resolve(__dirname, '../../../../fixtures')]) {
    if (fs.existsSync(path.join(candidate, 'allocation-2026.json'))) {
      return candidate;
    }
  }
  throw new Error('fixtures/allocation-2026.json not found');
}

/**
 * The allocation rules of a scheme-year file, created when missing (rules are keyed by scheme, not
 * year: a file loaded later finds them). Returns rule key → id of its first version.
 */
async function ensureFixtureRules(ctx: RequestContext, rules: FixtureFile['rules']): Promise<Map<string, string>> {
  const ruleIds = new Map<string, string>();
  for (const r of rules) {
    const existing = await listAllocationRules(ctx, { ruleKey: r.ruleKey });
    const rule =
      existing[0] ??
      (await createAllocationRule(ctx, {
        ruleKey: r.ruleKey,
        schemeCode: r.schemeCode,
        basis: r.basis as CountBasis,
        attributionRule: r.attributionRule ?? null,
        referenceDate: null,
        categories: (['ASIELSTATUSHOUDER', 'GEZINSMIGRANT', 'OVERIG'] as Category[]).map((category) => ({ category, route: null })),
        useBaseAmounts: r.useBaseAmounts,
        description: r.description,
      }));
    ruleIds.set(r.ruleKey, rule.id);
  }
  return ruleIds;
}

/** The rules of a scheme-year file in fixtures/ (e.g. `allocation-2025.json`), created when missing. */
export async function loadFixtureRules(ctx: RequestContext, file: string): Promise<Map<string, string>> {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as FixtureFile;
  return ensureFixtureRules(ctx, data.rules);
}

/** A file in fixtures/ (e.g. `allocation-2025.json`), for loaders of other scheme-years. */
export function fixtureFile(name: string): string {
  return path.join(fixturesDir(), name);
}

/**
 * Loads a scheme-year file (by default the 2026 year, fixtures/allocation-2026.json): schemes, dated
 * rates, base amounts, counts derived from population shares over the municipalities existing on
 * 1 January of the file's year, rules and the listed runs. Every step is idempotent (existence
 * checks, batch keys, run idempotency keys), so a restart loads nothing twice.
 */
export async function loadAllocationFixtures(
  ctx: RequestContext,
  file = path.join(fixturesDir(), 'allocation-2026.json'),
): Promise<number> {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as FixtureFile;
  const year = data.schemes[0]?.year ?? 2026;
  for (const s of data.schemes) {
    if (!(await findScheme(ctx, s.code, s.year))) {
      await createScheme(ctx, {
        code: s.code,
        name: s.name,
        stream: s.stream as FundingStream,
        year: s.year,
        budgetMode: s.budgetMode as BudgetMode,
        budget: money(s.budget),
        unitScale: s.unitScale,
        settlesOnSpending: s.settlesOnSpending,
        usesRoutes: s.usesRoutes,
        status: SchemeStatus.OPEN,
      });
    }
  }
  for (const r of data.rates) {
    const existing = await listRates(ctx, r.schemeCode);
    if (!existing.some((e) => e.category === r.category && e.validFrom === r.validFrom && e.route === null)) {
      await addRate(ctx, {
        schemeCode: r.schemeCode,
        category: r.category as Category,
        route: null,
        validFrom: r.validFrom,
        amount: money(r.amount),
      });
    }
  }
  const page = await listMunicipalities(ctx, { existingOn: `${year}-01-01` }, 500, null);
  const municipalities = page.edges.map((e) => e.node).sort((a, b) => byCode(a.code, b.code));
  const baseScheme = await findScheme(ctx, data.baseAmounts.schemeCode, data.baseAmounts.year);
  if (baseScheme && (await baseAmountsOf(ctx, baseScheme.id)).length === 0) {
    await setBaseAmounts(ctx, {
      schemeCode: data.baseAmounts.schemeCode,
      year: data.baseAmounts.year,
      amounts: municipalities.map((m) => ({ municipalityCode: m.code, amount: money(data.baseAmounts.amount) })),
    });
  }
  for (const batch of data.counts) {
    const rows: RawCountRow[] = [];
    const exponent = money(batch.weightExponent ?? '1');
    const weights = municipalities.map((m) => ({ key: m.code, weight: money(String(m.population)).pow(exponent) }));
    for (const part of batch.parts) {
      // Population shares by largest remainder: parts add up to the national figure exactly.
      const shares = apportion(money(part.national), weights, batch.scale, byCode);
      for (const s of shares) {
        rows.push({
          municipalityCode: s.key,
          periodType: part.periodType,
          periodStart: part.periodStart,
          periodEnd: part.periodEnd,
          category: part.category,
          route: null,
          basis: batch.basis,
          rule: batch.rule ?? null,
          source: batch.source,
          value: s.amount.toFixed(batch.scale),
        });
      }
    }
    await recordCounts(ctx, { batchKey: batch.batchKey, rows });
  }
  const ruleIds = await ensureFixtureRules(ctx, data.rules);
  let runs = 0;
  for (const run of data.runs) {
    const outcome = await runAllocation(ctx, {
      schemeCode: run.schemeCode,
      year: run.year,
      ruleVersionId: ruleIds.get(run.ruleKey) ?? '',
      stage: run.stage as RunStage,
      idempotencyKey: run.idempotencyKey,
      dryRun: false,
    });
    runs += outcome.replayed ? 0 : 1;
  }
  return runs;
}
