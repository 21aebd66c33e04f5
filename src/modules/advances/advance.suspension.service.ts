import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { assertRole, municipalityScope } from '../../common/auth/scope';
import { Role } from '../../common/auth/actor';
import { badInput, conflict } from '../../common/errors/domain-error';
import { todayInAmsterdam } from '../../common/dates';
import { getMunicipality } from '../municipalities';
import { getScheme, listSchemes } from '../schemes';
import { accountabilityStatuses } from '../verantwoording';
import { AdvanceSuspensionEntity } from './advance.entity';
import { lockAdvances } from './advance.plan.service';
import { suspendedMunicipalities } from './advance.payment.service';
import { notifyMoneyEvent } from '../chain';

export interface SuspensionInput {
  schemeCode: string;
  year: number;
  municipalityCode: string;
  reason: string;
}

export type SuspensionRecord = AdvanceSuspensionEntity;

/** Earlier years of the same scheme code for which the municipality's report is overdue today. */
async function overdueYears(ctx: RequestContext, schemeCode: string, year: number, municipalityCode: string): Promise<number[]> {
  const today = todayInAmsterdam();
  const earlier = (await listSchemes(ctx, { code: schemeCode })).filter((s) => s.year < year);
  const years: number[] = [];
  for (const s of earlier) {
    const statuses = await accountabilityStatuses(ctx, s.code, s.year, today);
    if (statuses.some((st) => st.municipalityCode === municipalityCode && st.overdue)) {
      years.push(s.year);
    }
  }
  return years.sort((a, b) => a - b);
}

async function record(ctx: RequestContext, input: SuspensionInput, action: 'SUSPEND' | 'RELEASE'): Promise<SuspensionRecord> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  const actor = requireActor(ctx);
  if (!input.reason || input.reason.trim().length === 0 || input.reason.length > 500) {
    throw badInput('input.reason', 'give a reason of 1 to 500 characters');
  }
  return runCommand(ctx, async (tx) => {
    await lockAdvances(tx, input.schemeCode, input.year);
    await getScheme(tx, input.schemeCode, input.year);
    await getMunicipality(tx, input.municipalityCode);
    const suspended = (await suspendedMunicipalities(tx, input.schemeCode, input.year)).has(input.municipalityCode);
    const overdue = await overdueYears(tx, input.schemeCode, input.year, input.municipalityCode);
    if (action === 'SUSPEND') {
      if (suspended) {
        throw conflict(`the advances of ${input.municipalityCode} are already suspended`, { field: 'input.municipalityCode' });
      }
      if (overdue.length === 0) {
        throw conflict(`${input.municipalityCode} has no overdue accountability report for an earlier year of ${input.schemeCode}`, {
          field: 'input.municipalityCode',
        });
      }
    } else {
      if (!suspended) {
        throw conflict(`the advances of ${input.municipalityCode} are not suspended`, { field: 'input.municipalityCode' });
      }
      if (overdue.length > 0) {
        throw conflict(`${input.municipalityCode} has still not reported for ${overdue.join(', ')}`, {
          field: 'input.municipalityCode',
          overdueYears: overdue,
        });
      }
    }
    const repo = tx.em.getRepository(AdvanceSuspensionEntity);
    const entity = repo.create({
      schemeCode: input.schemeCode,
      year: input.year,
      municipalityCode: input.municipalityCode,
      action,
      reason: input.reason.trim(),
      actor: actor.subject,
      overdueYears: overdue,
    });
    await repo.insert(entity);
    await notifyMoneyEvent(tx, action === 'SUSPEND' ? 'ADVANCES_SUSPENDED' : 'ADVANCES_RELEASED', entity.id, [input.municipalityCode]);
    return repo.findOneByOrFail({ id: entity.id });
  });
}

/**
 * Suspends a municipality's advances for a scheme-year: only when its accountability report for an
 * earlier year of the same scheme is overdue (CONFLICT otherwise). payTranches then holds its
 * tranches (they stay unpaid) until released.
 */
export function suspendAdvances(ctx: RequestContext, input: SuspensionInput): Promise<SuspensionRecord> {
  return record(ctx, input, 'SUSPEND');
}

/** Releases suspended advances once nothing is overdue any more; held tranches are paid by the next payTranches. */
export function releaseAdvances(ctx: RequestContext, input: SuspensionInput): Promise<SuspensionRecord> {
  return record(ctx, input, 'RELEASE');
}

/** Every suspension action of a scheme-year, oldest first; a controller sees its own. */
export async function suspensionHistory(
  ctx: RequestContext,
  schemeCode: string,
  year: number,
  requested: string[] | null,
): Promise<AdvanceSuspensionEntity[]> {
  const municipalityCodes = municipalityScope(ctx, requested);
  const qb = ctx.em
    .getRepository(AdvanceSuspensionEntity)
    .createQueryBuilder('s')
    .where('s.scheme_code = :schemeCode AND s.year = :year', { schemeCode, year });
  if (municipalityCodes !== null) {
    qb.andWhere('s.municipality_code = ANY(:codes)', { codes: municipalityCodes });
  }
  return qb.orderBy('s.id').getMany();
}
