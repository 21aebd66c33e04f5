import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { assertRole, municipalityScope } from '../../common/auth/scope';
import { runCommand } from '../../common/db/run-command';
import { badInput, notFound } from '../../common/errors/domain-error';
import { decimalsOf, money, sum } from '../../common/money/money';
import { attributeYear, ATTRIBUTION_RULES, storedAttributions } from '../people';
import { countBatchRecorded, currentCountRows, recordCounts } from '../counts';
import { listAllocationRules, percentChange, previewAllocations, RunStage, type PreviewCount } from '../allocations';
import { CountBasis, type AttributionRule } from '../schemes';
import { InFlight } from '../../common/in-flight';

export interface PublishedAttribution {
  attributionRunId: string;
  batchKey: string;
  year: number;
  rule: string;
  stateHash: string;
  rows: number;
  zeroedRows: number;
  replayed: boolean;
}

/** The count rows publishing a year under a rule records: the attribution's rows and the explicit zeroes. */
interface BatchRow {
  municipalityCode: string;
  periodType: 'YEAR';
  periodStart: string;
  periodEnd: string;
  category: string;
  route: string | null;
  basis: 'REGISTERED';
  rule: string;
  source: 'ATTRIBUTION';
  value: string;
  units: string;
  divisor: number;
}

/**
 * What publishing the year under the rule would record (inside `tx`): the attribution run (an
 * earlier run of the same event state is reused), the batch key and rows, and the rows in force now.
 */
async function attributionBatch(tx: RequestContext, input: { year: number; rule: string }, attribution?: Attribution) {
  const { run, batchKey, rows } = attribution ?? (await attributeYear(tx, input));
  const present = new Set(rows.map((r) => `${r.municipalityCode}|${r.category}|${r.route ?? ''}`));
  const existing = await currentCountRows(tx, { year: input.year, basis: 'REGISTERED', rule: input.rule });
  const zeroed = new Map<string, (typeof existing)[number]>();
  for (const c of existing) {
    const key = `${c.municipalityCode}|${c.category}|${c.route ?? ''}`;
    // Also keys already at zero: the batch for one event state must always have the same content.
    if (!present.has(key) && c.periodType === 'YEAR') {
      zeroed.set(key, c);
    }
  }
  const batchRows: BatchRow[] = [
    ...rows.map((r) => ({
      municipalityCode: r.municipalityCode,
      periodType: 'YEAR' as const,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      category: r.category,
      route: r.route,
      basis: 'REGISTERED' as const,
      rule: r.rule,
      source: 'ATTRIBUTION' as const,
      value: r.value,
      units: r.units,
      divisor: r.divisor,
    })),
    ...[...zeroed.values()].map((c) => ({
      municipalityCode: c.municipalityCode,
      periodType: 'YEAR' as const,
      periodStart: `${input.year}-01-01`,
      periodEnd: `${input.year}-12-31`,
      category: c.category,
      route: c.route,
      basis: 'REGISTERED' as const,
      rule: input.rule,
      source: 'ATTRIBUTION' as const,
      value: '0',
      units: '0',
      divisor: run.divisor,
    })),
  ];
  return { run, batchKey, rows, zeroed, existing, batchRows };
}

/** An attribution run of one event state with its rows, as `attributeYear` returns it. */
type Attribution = Awaited<ReturnType<typeof attributeYear>>;

/**
 * The attribution of `year` under each of `rules` for one event state, the current one (decision
 * 1750): the stored runs of that state when there are (a few index reads); a rule without one is
 * attributed now and its run stored, in its own transaction under a lock per year and rule, so
 * concurrent requests compute it once and the next request reads it. The stored run of a state
 * hash is exactly what attributing that state computes (runAttribution replays it the same way).
 * Should an import commit between the rules, the read is repeated, so that every rule comes from
 * the same state; after a few attempts on a busy import stream, null: the caller attributes in its
 * own transaction as before. `ctx` must carry FINANCE_OFFICER rights (the system's, for a job).
 */
export async function currentAttributions(
  ctx: RequestContext,
  input: { year: number; rules: readonly string[] },
): Promise<Map<string, Attribution> | null> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const stored = await storedAttributions(ctx, input);
    const missing = input.rules.filter((rule) => !stored.has(rule));
    if (missing.length === 0) {
      return stored;
    }
    for (const rule of missing) {
      await runCommand(ctx, async (tx) => {
        await tx.em.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`attribution-store:${input.year}:${rule}`]);
        await attributeYear(tx, { year: input.year, rule });
      });
    }
  }
  return null;
}

/**
 * Attributes a year from the person events (set-based, in the people module) and publishes the
 * result as REGISTERED counts labelled with the rule, in one batch whose key names the event
 * state it came from. Re-publishing the same state is a no-op (idempotent batch). A key that
 * had a count under this rule and has none now gets an explicit zero, so that a newer event state
 * supersedes every older count rather than only the keys it still has.
 */
export async function publishAttribution(ctx: RequestContext, input: { year: number; rule: string }): Promise<PublishedAttribution> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  if (!(ATTRIBUTION_RULES as readonly string[]).includes(input.rule)) {
    throw badInput('rule', `unknown attribution rule ${input.rule}`);
  }
  return runCommand(ctx, async (tx) => {
    const { run, batchKey, rows, zeroed, batchRows } = await attributionBatch(tx, input);
    if (rows.length === 0 && zeroed.size === 0) {
      // No person events attribute anything to this year and nothing was published before: there
      // is nothing to record (a count batch needs at least one row), and nothing to supersede.
      return {
        attributionRunId: run.id,
        batchKey,
        year: input.year,
        rule: input.rule,
        stateHash: run.stateHash,
        rows: 0,
        zeroedRows: 0,
        replayed: run.replayed,
      };
    }
    const batch = await recordCounts(tx, {
      batchKey,
      rows: batchRows,
    });
    return {
      attributionRunId: run.id,
      batchKey,
      year: input.year,
      rule: input.rule,
      stateHash: run.stateHash,
      rows: rows.length,
      zeroedRows: zeroed.size,
      replayed: run.replayed && batch.rowCount === rows.length + zeroed.size && batch.replayed === true,
    };
  });
}

export interface BasisVariant {
  label: string;
  basis: CountBasis;
  rule: AttributionRule | null;
}

export const SIDE_BY_SIDE_VARIANTS: readonly BasisVariant[] = [
  { label: 'TAAKSTELLING', basis: CountBasis.TAAKSTELLING, rule: null },
  { label: 'PEILDATUM', basis: CountBasis.REGISTERED, rule: 'PEILDATUM' as AttributionRule },
  { label: 'PRO_RATA_DAYS', basis: CountBasis.REGISTERED, rule: 'PRO_RATA_DAYS' as AttributionRule },
  { label: 'FIRST_OF_MONTH', basis: CountBasis.REGISTERED, rule: 'FIRST_OF_MONTH' as AttributionRule },
  { label: 'FIRST_MUNICIPALITY', basis: CountBasis.REGISTERED, rule: 'FIRST_MUNICIPALITY' as AttributionRule },
];

/** The attribution rules the side-by-side compares (its variants other than the taakstelling). */
export const SIDE_BY_SIDE_RULES: readonly string[] = SIDE_BY_SIDE_VARIANTS.flatMap((v) => (v.rule === null ? [] : [v.rule]));

export interface SideBySideLine {
  municipalityCode: string;
  amounts: { variant: string; amount: string; difference: string; percent: string | null }[];
}

export interface SideBySide {
  schemeCode: string;
  year: number;
  baseRuleVersionId: string;
  /** The variant differences are measured against (taakstelling). */
  reference: string;
  variants: { label: string; total: string }[];
  lines: SideBySideLine[];
}

/**
 * The REGISTERED count rows under `rule` that would be in force for the year after publishing its
 * attribution, without recording anything: the rows in force now, with every key of the batch
 * replaced by the batch's row (the latest recorded row of a key is the one in force). A batch of
 * this event state already recorded changes nothing: the rows in force now are the answer.
 */
async function countsAfterPublishing(
  tx: RequestContext,
  input: { year: number; rule: string },
  attribution?: Attribution,
): Promise<PreviewCount[]> {
  const { batchKey, batchRows, existing } = await attributionBatch(tx, input, attribution);
  if (batchRows.length === 0 || (await countBatchRecorded(tx, batchKey))) {
    return existing;
  }
  const keyOf = (c: {
    municipalityCode: string;
    periodType: string;
    periodStart: string;
    periodEnd: string;
    category: string;
    route?: string | null;
  }) => `${c.municipalityCode}|${c.periodType}|${c.periodStart}|${c.periodEnd}|${c.category}|${c.route ?? ''}`;
  const replaced = new Set(batchRows.map(keyOf));
  const now = new Date();
  // Ids after every stored one, in batch order, as the recorded rows would get.
  const firstId = 1n << 62n;
  return [
    ...existing.filter((c) => !replaced.has(keyOf(c))),
    ...batchRows.map((r, i) => ({
      id: String(firstId + BigInt(i)),
      municipalityCode: r.municipalityCode,
      periodType: 'YEAR' as const,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      category: r.category,
      route: r.route,
      value: money(r.value),
      units: r.units,
      divisor: r.divisor,
      source: 'ATTRIBUTION',
      recordedAt: now,
    })),
  ];
}

async function computeSideBySide(
  ctx: RequestContext,
  input: { schemeCode: string; year: number; ruleVersionId: string },
): Promise<{ baseRuleVersionId: string; result: Map<string, Map<string, string>> }> {
  const system = { ...ctx, actor: { subject: ctx.actor?.subject ?? 'system', role: Role.FINANCE_OFFICER, municipalityCode: null } };
  const base = (await listAllocationRules(system, { schemeCode: input.schemeCode })).find((r) => r.id === input.ruleVersionId);
  if (!base) {
    throw notFound('allocation rule version', input.ruleVersionId);
  }
  // Each rule's counts are those publishing its attribution would put in force, computed in memory
  // from the attribution of the current event state: stored, or computed and stored once for that
  // state (decision 1750; attribution runs are the store, keyed by the state hash, and a run is
  // what publishing would reuse anyway); the allocations are computed by the pure calculator over
  // the staged inputs. No count, rule, allocation run or booking is written, so no lock is held
  // that a ledger write, a publication or another side-by-side waits for (decision 1260). It runs
  // as the system on behalf of the caller.
  const attributions = await currentAttributions(system, { year: input.year, rules: SIDE_BY_SIDE_RULES });
  const result = await runCommand(
    system,
    async (tx) => {
      const countsOf = new Map<string, PreviewCount[]>();
      for (const variant of SIDE_BY_SIDE_VARIANTS) {
        if (variant.rule !== null) {
          // Null (imports kept committing): attributed here, inside this rolled-back transaction.
          const stored = attributions?.get(variant.rule);
          countsOf.set(variant.label, await countsAfterPublishing(tx, { year: input.year, rule: variant.rule }, stored));
        }
      }
      const previews = await previewAllocations(tx, {
        schemeCode: input.schemeCode,
        year: input.year,
        stage: RunStage.PROVISIONAL,
        rules: SIDE_BY_SIDE_VARIANTS.map((variant) => ({
          label: variant.label,
          basis: variant.basis,
          attributionRule: variant.rule,
          referenceDate: base.referenceDate,
          categories: base.categories.map((c) => ({ category: c.category, route: c.route ?? null })),
          useBaseAmounts: base.useBaseAmounts,
          counts: countsOf.get(variant.label),
        })),
      });
      const outcomes = new Map<string, Map<string, string>>();
      for (const [label, lines] of previews) {
        outcomes.set(label, new Map(lines.map((l) => [l.municipalityCode, l.amount])));
      }
      return outcomes;
    },
    { dryRun: true },
  );
  return { baseRuleVersionId: base.id, result };
}

/** Side-by-sides being computed, by scheme, year and rule version (decision 1811). */
const inFlight = new InFlight<{ baseRuleVersionId: string; result: Map<string, Map<string, string>> }>();

/** How many side-by-sides were computed rather than shared with one in flight (read by tests). */
export const sideBySideStats = {
  get computed(): number {
    return inFlight.computed;
  },
};

/**
 * The allocation of one scheme-year under the legacy taakstelling and under each attribution rule,
 * per municipality, with the difference to the taakstelling in euros and percent. Each variant is
 * the base rule with another count basis, computed by the allocation module's preview (the run's
 * own staging and calculator, nothing booked), from the attribution of the current event state.
 * A request that arrives while the same scheme-year and rule version is being computed shares that
 * computation's answer instead of starting its own (decision 1811): the answer does not depend on
 * who asks (each caller's scope is applied afterwards), and it reflects the state read at most one
 * computation earlier than the request, as if it had arrived a moment sooner.
 */
export async function sideBySide(
  ctx: RequestContext,
  input: { schemeCode: string; year: number; ruleVersionId: string; municipalityCodes?: string[] | null },
): Promise<SideBySide> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR, Role.MUNICIPAL_CONTROLLER);
  const scope = municipalityScope(ctx, input.municipalityCodes ?? null);
  const key = JSON.stringify([input.schemeCode, input.year, input.ruleVersionId]);
  const { baseRuleVersionId, result } = await inFlight.share(key, () => computeSideBySide(ctx, input));
  const reference = 'TAAKSTELLING';
  const ref = result.get(reference) ?? new Map<string, string>();
  const codes = [...ref.keys()].filter((c) => scope === null || scope.includes(c)).sort();
  // Amounts come back at the scheme's unit scale; differences are written at the same scale.
  const scale = decimalsOf([...ref.values()][0] ?? '0.00');
  return {
    schemeCode: input.schemeCode,
    year: input.year,
    baseRuleVersionId,
    reference,
    variants: SIDE_BY_SIDE_VARIANTS.map((v) => ({
      label: v.label,
      total: sum([...(result.get(v.label)?.values() ?? [])].map((a) => money(a))).toFixed(scale),
    })),
    lines: codes.map((code) => {
      const a = money(ref.get(code) ?? '0');
      return {
        municipalityCode: code,
        amounts: SIDE_BY_SIDE_VARIANTS.map((v) => {
          const b = money(result.get(v.label)?.get(code) ?? '0');
          const pct = percentChange(a, b);
          return {
            variant: v.label,
            amount: b.toFixed(scale),
            difference: b.minus(a).toFixed(scale),
            percent: pct === null ? null : pct.toFixed(2),
          };
        }),
      };
    }),
  };
}
