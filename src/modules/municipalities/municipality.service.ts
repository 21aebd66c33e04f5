import { Brackets, IsNull } from 'typeorm';
import type { RequestContext } from '../../context';
import { assertMunicipalityAccess, municipalityScope } from '../../common/auth/scope';
import { requireActor } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { decodeCursor, toPage, type Page } from '../../common/graphql/connection';
import { badInput, conflict, notFound } from '../../common/errors/domain-error';
import { addDays, parseIsoDate, todayInAmsterdam } from '../../common/dates';
import { MunicipalityEntity, MunicipalityMergerEntity } from './municipality.entity';
import type { Municipality, MunicipalityMerger } from './municipality.type';
import type { MunicipalityFilter, RegisterMergerInput } from './municipality.inputs';

function toType(e: MunicipalityEntity, successorCode: string | null): Municipality {
  return {
    code: e.code,
    name: e.name,
    provinceCode: e.provinceCode,
    province: e.province,
    population: e.population,
    areaKm2: e.areaKm2,
    neighbours: e.neighbours,
    validFrom: e.validFrom,
    validUntil: e.validUntil,
    successorCode,
  };
}

async function successorsOf(ctx: RequestContext, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) {
    return new Map();
  }
  const rows = await ctx.em
    .getRepository(MunicipalityMergerEntity)
    .createQueryBuilder('m')
    .where('m.dissolved_code = ANY(:codes)', { codes })
    .getMany();
  return new Map(rows.map((r) => [r.dissolvedCode, r.successorCode]));
}

/** Throws NOT_FOUND; a controller asking for another municipality gets FORBIDDEN first. */
export async function getMunicipality(ctx: RequestContext, code: string): Promise<Municipality> {
  assertMunicipalityAccess(ctx, code);
  const row = await ctx.em.getRepository(MunicipalityEntity).findOneBy({ code });
  if (!row) {
    throw notFound('municipality', code);
  }
  const successors = await successorsOf(ctx, [code]);
  return toType(row, successors.get(code) ?? null);
}

/**
 * The whole register's validity, for authentication (no actor yet, so no scoping): per code its last
 * day (null while it exists) and its successor. One query.
 */
export async function municipalityRegister(
  ctx: RequestContext,
): Promise<Map<string, { validUntil: string | null; successorCode: string | null }>> {
  const rows = await ctx.em.query<{ code: string; valid_until: string | null; successor_code: string | null }[]>(
    `SELECT m.code, m.valid_until::text AS valid_until, g.successor_code
       FROM municipalities m LEFT JOIN municipality_mergers g ON g.dissolved_code = m.code`,
  );
  return new Map(rows.map((r) => [r.code, { validUntil: r.valid_until, successorCode: r.successor_code }]));
}

const registerListeners = new Set<() => void>();

/** Calls `listener` after every registered merger (e.g. to forget a cached register); returns the unsubscribe. */
export function onRegisterChange(listener: () => void): () => void {
  registerListeners.add(listener);
  return () => registerListeners.delete(listener);
}

/**
 * Relay connection ordered by code; a controller only ever sees its own municipality. `existingOn`:
 * those that exist on that date; else `includeEnded: false` (the API's default): those not ended
 * before today; no filter (internal callers): every code ever registered.
 */
export async function listMunicipalities(
  ctx: RequestContext,
  filter: MunicipalityFilter | undefined,
  first: number,
  after: string | null | undefined,
): Promise<Page<Municipality>> {
  const scope = municipalityScope(ctx, filter?.codes);
  const existingOn = filter?.existingOn !== undefined ? parseIsoDate(filter.existingOn, 'filter.existingOn') : undefined;
  const afterCode = decodeCursor(after);
  const qb = ctx.em.getRepository(MunicipalityEntity).createQueryBuilder('m');
  if (scope !== null) {
    qb.andWhere('m.code = ANY(:scope)', { scope });
  }
  if (filter?.provinceCode) {
    qb.andWhere('m.province_code = :province', { province: filter.provinceCode });
  }
  if (filter?.search) {
    qb.andWhere(
      new Brackets((w) => {
        w.where('m.name ILIKE :search', { search: `%${filter.search?.replace(/[\\%_]/g, '\\$&')}%` }).orWhere('m.code ILIKE :search');
      }),
    );
  }
  if (existingOn !== undefined) {
    qb.andWhere('(m.valid_from IS NULL OR m.valid_from <= :on) AND (m.valid_until IS NULL OR m.valid_until >= :on)', { on: existingOn });
  } else if (filter?.includeEnded === false) {
    // Explicitly false (the API's default): leave out municipalities that ended before today.
    qb.andWhere('(m.valid_until IS NULL OR m.valid_until >= :today)', { today: todayInAmsterdam() });
  }
  const totalCount = await qb.getCount();
  if (afterCode !== null) {
    qb.andWhere('m.code > :after', { after: afterCode });
  }
  const rows = await qb
    .orderBy('m.code', 'ASC')
    .limit(first + 1)
    .getMany();
  const successors = await successorsOf(
    ctx,
    rows.map((r) => r.code),
  );
  return toPage(
    rows.map((r) => toType(r, successors.get(r.code) ?? null)),
    first,
    (m) => m.code,
    totalCount,
  );
}

/** Code and population of every municipality in the register (existing now or dissolved), not scoped: callers scope results. */
export async function municipalityPopulations(ctx: RequestContext): Promise<{ code: string; population: number }[]> {
  return ctx.em.query('SELECT code, population FROM municipalities ORDER BY code');
}

/** Of `codes`, those in the register (existing now or dissolved): the check an import makes before it records a code. */
export async function existingCodes(ctx: RequestContext, codes: readonly string[]): Promise<Set<string>> {
  const rows: { code: string }[] = await ctx.em.query('SELECT code FROM municipalities WHERE code = ANY($1::varchar[])', [codes]);
  return new Set(rows.map((r) => r.code));
}

/** Code, name and province of every municipality that exists on `date`, by code (not scoped: callers scope results). */
export async function municipalitiesExistingOn(
  ctx: RequestContext,
  date: string,
): Promise<{ code: string; name: string; provinceCode: string; population: number }[]> {
  const rows: { code: string; name: string; province_code: string; population: number }[] = await ctx.em.query(
    `SELECT code, name, province_code, population FROM municipalities
      WHERE (valid_from IS NULL OR valid_from <= $1::date) AND (valid_until IS NULL OR valid_until >= $1::date)
      ORDER BY code`,
    [date],
  );
  return rows.map((r) => ({ code: r.code, name: r.name, provinceCode: r.province_code, population: Number(r.population) }));
}

/** Codes of every municipality that exists on `date` (for runs; not scoped: callers scope results). */
export async function codesExistingOn(ctx: RequestContext, date: string): Promise<string[]> {
  const rows: { code: string }[] = await ctx.em.query(
    `SELECT code FROM municipalities
      WHERE (valid_from IS NULL OR valid_from <= $1) AND (valid_until IS NULL OR valid_until >= $1)
      ORDER BY code`,
    [date],
  );
  return rows.map((r) => r.code);
}

/**
 * The municipality responsible for `code`'s affairs on `date`: follows merger chains whose
 * effective date is on or before `date`.
 */
export async function resolveSuccessor(ctx: RequestContext, code: string, date: string): Promise<string> {
  const rows: { code: string }[] = await ctx.em.query(
    `WITH RECURSIVE chain(code, depth) AS (
       SELECT $1::varchar, 0
       UNION ALL
       SELECT m.successor_code, c.depth + 1 FROM chain c
         JOIN municipality_mergers m ON m.dissolved_code = c.code AND m.effective_date <= $2::date
        WHERE c.depth < 50)
     SELECT code FROM chain ORDER BY depth DESC LIMIT 1`,
    [code, date],
  );
  return rows[0]?.code ?? code;
}

export async function listMergers(ctx: RequestContext): Promise<MunicipalityMerger[]> {
  const rows = await ctx.em.getRepository(MunicipalityMergerEntity).find({ order: { effectiveDate: 'ASC', dissolvedCode: 'ASC' } });
  return rows
    .filter((r) => {
      const a = ctx.actor;
      return a === null || a.municipalityCode === null || a.municipalityCode === r.dissolvedCode || a.municipalityCode === r.successorCode;
    })
    .map((r) => ({ dissolvedCode: r.dissolvedCode, successorCode: r.successorCode, effectiveDate: r.effectiveDate }));
}

/**
 * Records a herindeling. The dissolved municipalities end the day before `effectiveDate`; the
 * successor exists from then (created when new). Balances move in the ledger (its own command).
 */
export async function registerMerger(ctx: RequestContext, input: RegisterMergerInput): Promise<MunicipalityMerger[]> {
  const effectiveDate = parseIsoDate(input.effectiveDate, 'input.effectiveDate');
  if (!effectiveDate.endsWith('-01-01')) {
    throw badInput('input.effectiveDate', 'a merger takes effect on 1 January');
  }
  if (input.dissolvedCodes.length === 0) {
    throw badInput('input.dissolvedCodes', 'name at least one dissolved municipality');
  }
  if (new Set(input.dissolvedCodes).size !== input.dissolvedCodes.length) {
    throw badInput('input.dissolvedCodes', 'a municipality is listed twice');
  }
  if (input.dissolvedCodes.includes(input.successorCode)) {
    throw badInput('input.dissolvedCodes', 'the successor cannot dissolve into itself');
  }
  const actor = requireActor(ctx);
  const registered = await runCommand(ctx, async (tx) => {
    const repo = tx.em.getRepository(MunicipalityEntity);
    // Row locks serialise concurrent registrations touching the same municipalities.
    const codes = [...new Set([...input.dissolvedCodes, input.successorCode])].sort();
    const existing = await repo.createQueryBuilder('m').setLock('pessimistic_write').where('m.code = ANY(:codes)', { codes }).getMany();
    const byCode = new Map(existing.map((m) => [m.code, m]));
    const lastDay = addDays(effectiveDate, -1);
    for (const [i, code] of input.dissolvedCodes.entries()) {
      const m = byCode.get(code);
      if (!m) {
        throw badInput(`input.dissolvedCodes[${i}]`, `unknown municipality ${code}`);
      }
      if (m.validUntil !== null) {
        throw conflict(`${code} already ended on ${m.validUntil}`, { field: `input.dissolvedCodes[${i}]` });
      }
    }
    let successor = byCode.get(input.successorCode);
    if (!successor) {
      if (!input.successorName) {
        throw badInput('input.successorName', `successor ${input.successorCode} is new: give its name`);
      }
      const first = byCode.get(input.dissolvedCodes[0] ?? '');
      successor = repo.create({
        code: input.successorCode,
        name: input.successorName,
        provinceCode: first?.provinceCode ?? 'PV00',
        province: first?.province ?? '',
        population: input.dissolvedCodes.reduce((acc, c) => acc + (byCode.get(c)?.population ?? 0), 0),
        areaKm2: '0.00',
        neighbours: [],
        validFrom: effectiveDate,
        validUntil: null,
      });
      await repo.insert(successor);
    } else if (successor.validUntil !== null && successor.validUntil < effectiveDate) {
      throw conflict(`successor ${successor.code} no longer exists on ${effectiveDate}`, { field: 'input.successorCode' });
    }
    await repo
      .createQueryBuilder()
      .update()
      .set({ validUntil: lastDay })
      .where('code = ANY(:codes)', { codes: input.dissolvedCodes })
      .andWhere({ validUntil: IsNull() })
      .execute();
    const mergers = input.dissolvedCodes.map((dissolvedCode) => ({
      dissolvedCode,
      successorCode: input.successorCode,
      effectiveDate,
      recordedBy: actor.subject,
    }));
    await tx.em.getRepository(MunicipalityMergerEntity).insert(mergers);
    return mergers.map(({ dissolvedCode, successorCode }) => ({ dissolvedCode, successorCode, effectiveDate }));
  });
  // Committed: whoever caches the register reads it again.
  registerListeners.forEach((listener) => listener());
  return registered;
}
