import Decimal from 'decimal.js';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { badInput, conflict, DomainError, notFound } from '../../common/errors/domain-error';
import { optionalIsoDate, parseIsoDate } from '../../common/dates';
import { isWholeUnits, toFixedScale } from '../../common/money/money';
import { listMunicipalities } from '../municipalities';
import { BaseAmountEntity, FundingSchemeEntity, RateEntity } from './scheme.entity';
import {
  BudgetMode,
  Category,
  FundingStream,
  fromRouteColumn,
  SCHEME_STATUS_TRANSITIONS,
  SchemeStatus,
  toRouteColumn,
  type RouteCode,
} from './scheme.enums';
import type { BaseAmount, FundingScheme, Rate } from './scheme.type';
import type { AddRateInput, CreateSchemeInput, SetBaseAmountsInput } from './scheme.inputs';

/** A rate row as the allocation module uses it (ids are recorded in every run). */
export interface RateRow {
  id: string;
  schemeCode: string;
  category: Category;
  route: RouteCode | null;
  validFrom: string;
  amount: Decimal;
}

export function toSchemeType(e: FundingSchemeEntity): FundingScheme {
  return {
    id: e.id,
    code: e.code,
    name: e.name,
    stream: e.stream as FundingStream,
    year: e.year,
    budgetMode: e.budgetMode as BudgetMode,
    budget: toFixedScale(e.budget, e.unitScale),
    unitScale: e.unitScale,
    status: e.status as SchemeStatus,
    settlesOnSpending: e.settlesOnSpending,
    usesRoutes: e.usesRoutes,
    accountabilityDeadline: e.accountabilityDeadline,
  };
}

function toRateRow(e: RateEntity): RateRow {
  return {
    id: e.id,
    schemeCode: e.schemeCode,
    category: e.category as Category,
    route: fromRouteColumn(e.route),
    validFrom: e.validFrom,
    amount: e.amount,
  };
}

function toRateType(e: RateEntity): Rate {
  return { ...toRateRow(e), amount: toFixedScale(e.amount, 2), recordedAt: e.recordedAt };
}

/** Creates a scheme-year. An entered budget that is not a whole multiple of the unit is refused. */
export async function createScheme(ctx: RequestContext, input: CreateSchemeInput): Promise<FundingScheme> {
  const actor = requireActor(ctx);
  if (input.unitScale !== 0 && input.unitScale !== 2) {
    throw badInput('input.unitScale', 'must be 0 (whole euros) or 2 (cents)');
  }
  if (input.budget.isNegative()) {
    throw badInput('input.budget', 'must not be negative');
  }
  if (!isWholeUnits(input.budget, input.unitScale)) {
    throw badInput('input.budget', `${input.budget.toFixed()} is not a whole multiple of the unit (${input.unitScale} decimals)`);
  }
  const deadline =
    input.accountabilityDeadline !== undefined && input.accountabilityDeadline !== null
      ? parseIsoDate(input.accountabilityDeadline, 'input.accountabilityDeadline')
      : `${input.year + 1}-07-15`;
  if (input.status === SchemeStatus.CLOSED) {
    throw badInput('input.status', 'a scheme starts as DRAFT or OPEN');
  }
  return runCommand(ctx, async (tx) => {
    const repo = tx.em.getRepository(FundingSchemeEntity);
    if (await repo.existsBy({ code: input.code, year: input.year })) {
      throw conflict(`scheme ${input.code} ${input.year} already exists`, { field: 'input.code' });
    }
    const other = await repo.findOneBy({ code: input.code });
    if (other && other.usesRoutes !== input.usesRoutes) {
      // Rates are keyed by scheme code across years: the route dimension must not change.
      throw badInput('input.usesRoutes', `scheme ${input.code} ${other.usesRoutes ? 'uses' : 'does not use'} routes in other years`);
    }
    const entity = repo.create({
      code: input.code,
      name: input.name,
      stream: input.stream,
      year: input.year,
      budgetMode: input.budgetMode,
      budget: input.budget,
      unitScale: input.unitScale,
      status: input.status,
      settlesOnSpending: input.settlesOnSpending,
      usesRoutes: input.usesRoutes,
      accountabilityDeadline: deadline,
      createdBy: actor.subject,
    });
    await repo.insert(entity);
    return toSchemeType(entity);
  });
}

/** Moves a scheme-year along its lifecycle (SCHEME_STATUS_TRANSITIONS); anything else is CONFLICT. */
export async function updateSchemeStatus(
  ctx: RequestContext,
  input: { schemeCode: string; year: number; status: SchemeStatus },
): Promise<FundingScheme> {
  return runCommand(ctx, async (tx) => {
    const repo = tx.em.getRepository(FundingSchemeEntity);
    const scheme = await repo
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.code = :code AND s.year = :year', { code: input.schemeCode, year: input.year })
      .getOne();
    if (!scheme) {
      throw notFound('scheme', `${input.schemeCode} ${input.year}`);
    }
    const allowed = SCHEME_STATUS_TRANSITIONS[scheme.status as SchemeStatus];
    if (!allowed.includes(input.status)) {
      throw new DomainError('CONFLICT', `a ${scheme.status} scheme cannot become ${input.status}`, {
        field: 'input.status',
        from: scheme.status,
        to: input.status,
      });
    }
    await repo.update({ id: scheme.id }, { status: input.status });
    return toSchemeType({ ...scheme, status: input.status });
  });
}

/**
 * Corrects the budget of a scheme-year that is not CLOSED (the budget line is corrected during the
 * year). Runs keep the budget they used; the next run uses the new one.
 */
export async function updateSchemeBudget(
  ctx: RequestContext,
  input: { schemeCode: string; year: number; budget: Decimal },
): Promise<FundingScheme> {
  if (input.budget.isNegative()) {
    throw badInput('budget', 'must not be negative');
  }
  return runCommand(ctx, async (tx) => {
    const repo = tx.em.getRepository(FundingSchemeEntity);
    const scheme = await repo
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.code = :code AND s.year = :year', { code: input.schemeCode, year: input.year })
      .getOne();
    if (!scheme) {
      throw notFound('scheme', `${input.schemeCode} ${input.year}`);
    }
    if (scheme.status === SchemeStatus.CLOSED) {
      throw new DomainError('SCHEME_YEAR_CLOSED', `scheme ${scheme.code} ${scheme.year} is closed`, { field: 'budget' });
    }
    if (!isWholeUnits(input.budget, scheme.unitScale)) {
      throw badInput('budget', `${input.budget.toFixed()} is not a whole multiple of the unit (${scheme.unitScale} decimals)`);
    }
    await repo.update({ id: scheme.id }, { budget: input.budget });
    return toSchemeType({ ...scheme, budget: input.budget });
  });
}

export async function findScheme(ctx: RequestContext, code: string, year: number): Promise<FundingScheme | null> {
  const row = await ctx.em.getRepository(FundingSchemeEntity).findOneBy({ code, year });
  return row ? toSchemeType(row) : null;
}

/** Throws NOT_FOUND. */
export async function getScheme(ctx: RequestContext, code: string, year: number): Promise<FundingScheme> {
  const scheme = await findScheme(ctx, code, year);
  if (!scheme) {
    throw notFound('scheme', `${code} ${year}`);
  }
  return scheme;
}

export async function listSchemes(
  ctx: RequestContext,
  filter: { year?: number | null; code?: string | null } = {},
): Promise<FundingScheme[]> {
  const qb = ctx.em.getRepository(FundingSchemeEntity).createQueryBuilder('s');
  if (filter.year !== undefined && filter.year !== null) {
    qb.andWhere('s.year = :year', { year: filter.year });
  }
  if (filter.code) {
    qb.andWhere('s.code = :code', { code: filter.code });
  }
  const rows = await qb.orderBy('s.year', 'DESC').addOrderBy('s.code', 'ASC').getMany();
  return rows.map(toSchemeType);
}

/** Appends a dated rate. The same (scheme, category, route, valid-from) twice is CONFLICT: never overwritten. */
export async function addRate(ctx: RequestContext, input: AddRateInput): Promise<Rate> {
  const actor = requireActor(ctx);
  const validFrom = parseIsoDate(input.validFrom, 'input.validFrom');
  if (input.amount.isNegative()) {
    throw badInput('input.amount', 'must not be negative');
  }
  return runCommand(ctx, async (tx) => {
    const scheme = await tx.em.getRepository(FundingSchemeEntity).findOneBy({ code: input.schemeCode });
    if (!scheme) {
      throw notFound('scheme', input.schemeCode);
    }
    const route = input.route ?? null;
    if (route !== null && !scheme.usesRoutes) {
      throw badInput('input.route', `scheme ${input.schemeCode} does not use routes`);
    }
    const repo = tx.em.getRepository(RateEntity);
    const key = { schemeCode: input.schemeCode, category: input.category, route: toRouteColumn(route), validFrom };
    if (await repo.existsBy(key)) {
      throw conflict(`a rate for ${input.category}/${route ?? '-'} from ${validFrom} exists; rates are never overwritten`, {
        field: 'input.validFrom',
      });
    }
    const entity = repo.create({ ...key, amount: input.amount, recordedBy: actor.subject });
    await repo.insert(entity);
    const saved = await repo.findOneByOrFail({ id: entity.id });
    return toRateType(saved);
  });
}

/** All rate rows of a scheme code (optionally only those valid from on or before `asOf`). */
export async function rateRows(ctx: RequestContext, schemeCode: string, asOf?: string | null): Promise<RateRow[]> {
  const qb = ctx.em.getRepository(RateEntity).createQueryBuilder('r').where('r.scheme_code = :code', { code: schemeCode });
  const on = optionalIsoDate(asOf, 'asOf');
  if (on !== null) {
    qb.andWhere('r.valid_from <= :asOf', { asOf: on });
  }
  const rows = await qb.orderBy('r.category').addOrderBy('r.route').addOrderBy('r.valid_from').getMany();
  return rows.map(toRateRow);
}

/**
 * Rates of a scheme. With `asOf`: only the one in force on that date per category(+route)
 * (latest valid-from on or before it); without: the full history.
 */
export async function listRates(ctx: RequestContext, schemeCode: string, asOf?: string | null): Promise<Rate[]> {
  const qb = ctx.em.getRepository(RateEntity).createQueryBuilder('r').where('r.scheme_code = :code', { code: schemeCode });
  const on = optionalIsoDate(asOf, 'asOf');
  if (on !== null) {
    qb.andWhere('r.valid_from <= :asOf', { asOf: on });
  }
  const rows = await qb.orderBy('r.category').addOrderBy('r.route').addOrderBy('r.valid_from', 'DESC').getMany();
  if (on === null) {
    return rows.map(toRateType);
  }
  const seen = new Set<string>();
  return rows
    .filter((r) => {
      const key = `${r.category}/${r.route}`;
      if (seen.has(key)) {
        return false;
      }
      seen.add(key);
      return true;
    })
    .map(toRateType);
}

/** Known municipality codes (every code ever registered, dissolved ones included). */
export async function knownMunicipalityCodes(ctx: RequestContext): Promise<Set<string>> {
  const codes = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const page = await listMunicipalities(ctx, undefined, 500, after);
    page.edges.forEach((e) => codes.add(e.node.code));
    if (!page.pageInfo.hasNextPage) {
      return codes;
    }
    after = page.pageInfo.endCursor;
  }
}

/** Replaces the vaste voet of the listed municipalities for one scheme-year (runs keep what they used). */
export async function setBaseAmounts(ctx: RequestContext, input: SetBaseAmountsInput): Promise<BaseAmount[]> {
  const actor = requireActor(ctx);
  const known = await knownMunicipalityCodes(ctx);
  const seen = new Set<string>();
  input.amounts.forEach((a, i) => {
    if (!known.has(a.municipalityCode)) {
      throw badInput(`input.amounts[${i}].municipalityCode`, `unknown municipality ${a.municipalityCode}`);
    }
    if (seen.has(a.municipalityCode)) {
      throw badInput(`input.amounts[${i}].municipalityCode`, `${a.municipalityCode} is listed twice`);
    }
    seen.add(a.municipalityCode);
    if (a.amount.isNegative()) {
      throw badInput(`input.amounts[${i}].amount`, 'must not be negative');
    }
  });
  return runCommand(ctx, async (tx) => {
    const scheme = await tx.em.getRepository(FundingSchemeEntity).findOneBy({ code: input.schemeCode, year: input.year });
    if (!scheme) {
      throw notFound('scheme', `${input.schemeCode} ${input.year}`);
    }
    // A vaste voet is paid out as it is, so it is a whole multiple of the scheme's unit.
    input.amounts.forEach((a, i) => {
      if (!isWholeUnits(a.amount, scheme.unitScale)) {
        throw badInput(
          `input.amounts[${i}].amount`,
          `${a.amount.toFixed()} is not a whole multiple of the unit (${scheme.unitScale} decimals)`,
        );
      }
    });
    if (input.amounts.length > 0) {
      await tx.em.query(
        `INSERT INTO scheme_base_amounts (scheme_id, municipality_code, amount, recorded_by)
         SELECT $1, m, a, $4 FROM unnest($2::varchar[], $3::numeric[]) AS t(m, a)
         ON CONFLICT (scheme_id, municipality_code)
         DO UPDATE SET amount = EXCLUDED.amount, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
        [scheme.id, input.amounts.map((a) => a.municipalityCode), input.amounts.map((a) => toFixedScale(a.amount, 2)), actor.subject],
      );
    }
    return baseAmountsOf(tx, scheme.id);
  });
}

export async function baseAmountsOf(ctx: RequestContext, schemeId: string): Promise<BaseAmount[]> {
  const rows = await ctx.em.getRepository(BaseAmountEntity).find({ where: { schemeId }, order: { municipalityCode: 'ASC' } });
  return rows.map((r) => ({ municipalityCode: r.municipalityCode, amount: toFixedScale(r.amount, 2) }));
}

/** Internal: the scheme entity's id for a code + year (NOT_FOUND otherwise). */
export async function schemeIdOf(ctx: RequestContext, code: string, year: number): Promise<string> {
  return (await getScheme(ctx, code, year)).id;
}

/** Vaste voet of a scheme-year by code + year. */
export async function listBaseAmounts(ctx: RequestContext, code: string, year: number): Promise<BaseAmount[]> {
  return baseAmountsOf(ctx, await schemeIdOf(ctx, code, year));
}
