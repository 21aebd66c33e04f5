import type { RequestContext } from '../../context';
import { canonicalJson, sha256Hex } from '../../common/hashing/canonical';
import { latestCountId } from '../counts';
import { municipalityPopulations } from '../municipalities';
import { InFlight } from '../../common/in-flight';
import { municipalityScope } from '../../common/auth/scope';
import { badInput } from '../../common/errors/domain-error';
import { decodeCursor, toPage, type Page } from '../../common/graphql/connection';
import { SYSTEM_ACTOR } from '../../common/auth/actor';
import type { ForecastBacktestEntity, ForecastEntity } from './forecast.entity';
import { backtestForecastCodes, backtestResult, backtestRows, getBacktestEntity, listBacktests } from './backtest.service';
import { forecastLines, getForecastEntity, listForecasts } from './forecast.service';
import { forecastExposure } from './exposure.service';
import type { ForecastExposureType, ForecastBacktestType, ForecastMethodEnum, ForecastType } from './forecast.type';

/** A forecast with its lines, as the GraphQL type. */
export async function forecastToType(ctx: RequestContext, f: ForecastEntity): Promise<ForecastType> {
  const lines = await forecastLines(ctx, f.id);
  return {
    id: f.id,
    year: f.year,
    method: f.method as ForecastMethodEnum,
    methodVersion: f.methodVersion,
    purpose: f.purpose,
    params: canonicalJson(f.params),
    inputCount: f.inputs.length,
    inputHash: f.inputHash,
    countBatchId: f.countBatchId,
    reason: f.reason,
    createdBy: f.createdBy,
    createdAt: f.createdAt,
    lines: lines.map((l) => ({
      municipalityCode: l.municipalityCode,
      category: l.category,
      route: l.route,
      value: l.value.toFixed(6),
      explanation: l.explanation,
      p10: l.quantiles?.['0.1'] ?? null,
      p50: l.quantiles?.['0.5'] ?? null,
      p90: l.quantiles?.['0.9'] ?? null,
      quantiles: Object.entries(l.quantiles ?? {})
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([level, value]) => ({ level, value })),
    })),
  };
}

export async function getForecast(ctx: RequestContext, id: string): Promise<ForecastType> {
  return forecastToType(ctx, await getForecastEntity(ctx, id));
}

export async function forecasts(ctx: RequestContext, year: number | null): Promise<ForecastType[]> {
  const result: ForecastType[] = [];
  for (const f of await listForecasts(ctx, year)) {
    result.push(await forecastToType(ctx, f));
  }
  return result;
}

/** A backtest's summary and rows over every municipality, formatted (before any scope is applied). */
interface BacktestShown {
  summary: ForecastBacktestType['summary'];
  rows: ForecastBacktestType['rows'];
}

/**
 * The comparison of one backtest, shared by the requests that arrive while it is being computed
 * (decision 1870, as 1811): it runs as the system over every municipality; each caller's scope is
 * applied to the shared answer after. Nothing is kept once it has answered.
 */
const backtestsInFlight = new InFlight<BacktestShown>();

async function showBacktest(ctx: RequestContext, id: string): Promise<BacktestShown> {
  return backtestShown(await backtestResult({ ...ctx, actor: SYSTEM_ACTOR }, id));
}

/** A backtest's comparison as the API shows it (fixed six decimals). */
export function backtestShown({ rows, summary }: Awaited<ReturnType<typeof backtestResult>>): BacktestShown {
  return {
    summary: summary.map((s) => ({
      sizeClass: s.sizeClass,
      lines: s.lines,
      sumActual: s.sumActual.toFixed(6),
      sumAbsError: s.sumAbsError.toFixed(6),
      wape: s.wape?.toFixed(6) ?? null,
      coverage50: s.coverage?.['50'].toFixed(6) ?? null,
      coverage80: s.coverage?.['80'].toFixed(6) ?? null,
      coverage90: s.coverage?.['90'].toFixed(6) ?? null,
    })),
    rows: rows.map((r) => ({
      year: r.year,
      municipalityCode: r.municipalityCode,
      category: r.category,
      route: r.route,
      sizeClass: r.sizeClass,
      forecast: r.forecast.toFixed(6),
      actual: r.actual.toFixed(6),
      error: r.error.toFixed(6),
      absError: r.absError.toFixed(6),
      relError: r.relError?.toFixed(6) ?? null,
      inside50: r.inside?.['50'] ?? null,
      inside80: r.inside?.['80'] ?? null,
      inside90: r.inside?.['90'] ?? null,
      p10: r.quantiles?.['0.1'] ?? null,
      p50: r.quantiles?.['0.5'] ?? null,
      p90: r.quantiles?.['0.9'] ?? null,
    })),
  };
}

/** Read by tests: how many backtest comparisons were computed rather than shared. */
export const backtestComputations = (): number => backtestsInFlight.computed;

/** The comparison of backtest `id`, started or joined now (it reads the backtest itself: NOT_FOUND for none). */
const sharedBacktest = (ctx: RequestContext, id: string): Promise<BacktestShown> =>
  backtestsInFlight.share(id, () => showBacktest(ctx, id));

export async function backtestToType(
  ctx: RequestContext,
  b: ForecastBacktestEntity,
  comparison: Promise<BacktestShown> = sharedBacktest(ctx, b.id),
): Promise<ForecastBacktestType> {
  const scope = municipalityScope(ctx, null);
  const { rows, summary } = await comparison;
  return {
    ...backtestHeaderOf(b),
    summary,
    rows: scope === null ? rows : rows.filter((r) => scope.includes(r.municipalityCode)),
    compared: true,
  };
}

function backtestHeaderOf(b: ForecastBacktestEntity): Omit<ForecastBacktestType, 'summary' | 'rows' | 'compared'> {
  return {
    id: b.id,
    method: b.method as ForecastMethodEnum,
    params: canonicalJson(b.params),
    forecastIds: b.forecastIds.map((f) => f.forecastId),
    createdBy: b.createdBy,
    createdAt: b.createdAt,
  };
}

/**
 * A backtest without its comparison, for a query that selects neither `summary` nor `rows`
 * (decision 1880): `rowPage` and `municipalityCodes` read what they need themselves.
 */
export async function getBacktestHeader(ctx: RequestContext, id: string): Promise<ForecastBacktestType> {
  municipalityScope(ctx, null);
  return { ...backtestHeaderOf(await getBacktestEntity(ctx, id)), summary: [], rows: [], compared: false };
}

/**
 * One municipality's compared lines, shared by the requests that arrive while they are being
 * compared (as 1870, keyed by backtest and code; callers' scope checked before they join).
 */
const codeRowsInFlight = new InFlight<BacktestShown['rows']>();

/** Read by tests: how many one-municipality comparisons were computed rather than shared. */
export const backtestCodeComputations = (): number => codeRowsInFlight.computed;

async function backtestRowsOf(ctx: RequestContext, b: ForecastBacktestType, code: string | null): Promise<BacktestShown['rows']> {
  if (b.compared) {
    return code === null ? b.rows : b.rows.filter((r) => r.municipalityCode === code);
  }
  if (code === null) {
    const scope = municipalityScope(ctx, null);
    const { rows } = await backtestsInFlight.share(b.id, () => showBacktest(ctx, b.id));
    return scope === null ? rows : rows.filter((r) => scope.includes(r.municipalityCode));
  }
  return codeRowsInFlight.share(JSON.stringify([b.id, code]), async () => {
    const system: RequestContext = { ...ctx, actor: SYSTEM_ACTOR };
    const rows = await backtestRows(system, await getBacktestEntity(system, b.id), [code]);
    return backtestShown({ rows, summary: [] }).rows;
  });
}

type BacktestRowShown = ForecastBacktestType['rows'][number];

/** The order of `rows` (compareBacktest sorts by this key) and the cursor of `rowPage`. */
const backtestRowKey = (r: BacktestRowShown): string => `${r.year}|${r.municipalityCode}|${r.category}|${r.route ?? ''}`;

/** The municipalities a backtest's stored forecasts have lines for, in code order; a controller: its own (if it has lines). */
export async function backtestMunicipalityCodes(ctx: RequestContext, b: ForecastBacktestType): Promise<string[]> {
  const scope = municipalityScope(ctx, null);
  const codes = await backtestForecastCodes(ctx, await getBacktestEntity(ctx, b.id));
  return scope === null ? codes : codes.filter((c) => scope.includes(c));
}

/**
 * A page of a backtest's lines (decision 1880), in the order of `rows`, keyset on the line's key,
 * with the count of all that match. One municipality's lines are compared for it alone (unless
 * the query compared the backtest already); asking for another municipality than a controller's
 * own is FORBIDDEN, as everywhere.
 */
export async function backtestRowPage(
  ctx: RequestContext,
  b: ForecastBacktestType,
  page: { municipalityCode: string | null; first: number; after: string | null },
): Promise<Page<BacktestRowShown>> {
  if (!Number.isInteger(page.first) || page.first < 1 || page.first > 500) {
    throw badInput('first', 'a whole number from 1 to 500');
  }
  municipalityScope(ctx, page.municipalityCode === null ? null : [page.municipalityCode]);
  const after = decodeCursor(page.after);
  const matching = await backtestRowsOf(ctx, b, page.municipalityCode);
  const start = after === null ? 0 : matching.findIndex((r) => backtestRowKey(r) > after);
  const rest = start < 0 ? [] : matching.slice(start, start + page.first + 1);
  return toPage(rest, page.first, backtestRowKey, matching.length);
}

export async function getBacktest(ctx: RequestContext, id: string): Promise<ForecastBacktestType> {
  // Joined before this request reads the backtest's row: requests arriving together share one
  // comparison however long each one's own read takes (a loaded machine once let the first finish
  // before the last had read its row). A missing backtest is this request's NOT_FOUND, from the read.
  const comparison = sharedBacktest(ctx, id);
  comparison.catch(() => undefined);
  return backtestToType(ctx, await getBacktestEntity(ctx, id), comparison);
}

export async function backtests(ctx: RequestContext): Promise<ForecastBacktestType[]> {
  const result: ForecastBacktestType[] = [];
  for (const b of await listBacktests(ctx)) {
    result.push(await backtestToType(ctx, b));
  }
  return result;
}

/**
 * What a backtest's national summary depends on beyond the backtest itself (its stored forecast
 * lines are append-only): the counts, append-only with a growing id, so their highest id changes
 * with every count recorded; and the register's populations (size classes), hashed.
 */
async function comparisonInputsVersion(ctx: RequestContext): Promise<string> {
  const [counts, populations] = await Promise.all([latestCountId(ctx), municipalityPopulations(ctx)]);
  return `${counts}|${sha256Hex(populations.map((m) => `${m.code}=${m.population}`).join(','))}`;
}

/** National summaries by backtest, each with the inputs' version it was computed from (decision 1960). */
const summaries = new Map<string, { version: string; summary: BacktestShown['summary'] }>();
const SUMMARIES_KEPT = 500;

/**
 * The backtests with their national summaries and without rows, as the console's list asks for
 * them (decision 1960): a summary is computed once per backtest and inputs' version and kept;
 * one cheap query tells whether the counts or populations changed since. Summaries not at hand are
 * computed side by side (shared while in flight, as `backtestToType`).
 */
export async function backtestSummaries(ctx: RequestContext): Promise<ForecastBacktestType[]> {
  const [list, version] = await Promise.all([listBacktests(ctx), comparisonInputsVersion(ctx)]);
  return Promise.all(
    list.map(async (b) => {
      let summary = summaries.get(b.id);
      if (summary?.version !== version) {
        summary = { version, summary: (await backtestsInFlight.share(b.id, () => showBacktest(ctx, b.id))).summary };
        if (summaries.size >= SUMMARIES_KEPT) {
          summaries.clear();
        }
        summaries.set(b.id, summary);
      }
      return { ...backtestHeaderOf(b), summary: summary.summary, rows: [], compared: false };
    }),
  );
}

/**
 * The exposure of one forecast on one run, shared by the requests that arrive while it is being
 * computed (decision 1870, as 1811): it runs as the system over every municipality and is
 * formatted once; each caller's scope is applied to the shared answer after. Nothing is kept.
 */
const exposuresInFlight = new InFlight<ForecastExposureType>();

/** Read by tests: how many exposures were computed rather than shared. */
export const exposureComputations = (): number => exposuresInFlight.computed;

async function showExposure(ctx: RequestContext, forecastId: string, allocationRunId: string): Promise<ForecastExposureType> {
  const e = await forecastExposure({ ...ctx, actor: SYSTEM_ACTOR }, { forecastId, allocationRunId });
  return {
    schemeCode: e.schemeCode,
    year: e.year,
    forecastId: e.forecastId,
    allocationRunId: e.allocationRunId,
    budget: e.budget.toFixed(2),
    totalOnEstimate: e.totalOnEstimate.toFixed(2),
    totalP10: e.total['0.1'].toFixed(2),
    totalP50: e.total['0.5'].toFixed(2),
    totalP90: e.total['0.9'].toFixed(2),
    overrunP10: e.overrun['0.1'].toFixed(2),
    overrunP50: e.overrun['0.5'].toFixed(2),
    overrunP90: e.overrun['0.9'].toFixed(2),
    lines: e.lines.map((l) => ({
      municipalityCode: l.municipalityCode,
      paid: l.paid.toFixed(2),
      advanceBasis: l.advanceBasis.toFixed(2),
      entitledOnEstimate: l.entitledOnEstimate.toFixed(2),
      entitledP10: l.entitled['0.1'].toFixed(2),
      entitledP50: l.entitled['0.5'].toFixed(2),
      entitledP90: l.entitled['0.9'].toFixed(2),
      settlementP10: l.settlement['0.1'].toFixed(2),
      settlementP50: l.settlement['0.5'].toFixed(2),
      settlementP90: l.settlement['0.9'].toFixed(2),
    })),
  };
}

export async function exposure(ctx: RequestContext, forecastId: string, allocationRunId: string): Promise<ForecastExposureType> {
  const scope = municipalityScope(ctx, null);
  const shown = await exposuresInFlight.share(JSON.stringify([forecastId, allocationRunId]), () =>
    showExposure(ctx, forecastId, allocationRunId),
  );
  return scope === null ? shown : { ...shown, lines: shown.lines.filter((l) => scope.includes(l.municipalityCode)) };
}
