import crypto from 'node:crypto';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { badInput, conflict, notFound } from '../../common/errors/domain-error';
import { parseIsoDate } from '../../common/dates';
import { AttributionRule, listSchemes, type Category, type CountBasis, type RouteCode } from '../schemes';
import { AllocationRuleEntity } from './allocation.entity';
import type { AllocationRule } from './allocation.type';
import type { AllocationRuleInput } from './allocation.inputs';

function toRule(e: AllocationRuleEntity, used: boolean): AllocationRule {
  return {
    id: e.id,
    ruleKey: e.ruleKey,
    version: e.version,
    schemeCode: e.schemeCode,
    basis: e.basis as CountBasis,
    attributionRule: e.attributionRule,
    referenceDate: e.referenceDate,
    categories: e.categories.map((c) => ({ category: c.category as Category, route: c.route as RouteCode | null })),
    useBaseAmounts: e.useBaseAmounts,
    description: e.description,
    used,
    createdAt: e.createdAt,
  };
}

async function validateRule(ctx: RequestContext, input: AllocationRuleInput): Promise<void> {
  const schemes = await listSchemes(ctx, { code: input.schemeCode });
  if (schemes.length === 0) {
    throw notFound('scheme', input.schemeCode);
  }
  const usesRoutes = schemes[0]!.usesRoutes;
  if (input.basis === 'REGISTERED' && !input.attributionRule) {
    throw badInput('input.attributionRule', 'a REGISTERED basis names its attribution rule');
  }
  if (input.attributionRule && !(Object.values(AttributionRule) as string[]).includes(input.attributionRule)) {
    throw badInput('input.attributionRule', `"${input.attributionRule}" is not one of ${Object.values(AttributionRule).join(', ')}`);
  }
  if (input.basis !== 'REGISTERED' && input.attributionRule) {
    throw badInput('input.attributionRule', 'only a REGISTERED basis has an attribution rule');
  }
  if (input.referenceDate !== undefined && input.referenceDate !== null) {
    parseIsoDate(input.referenceDate, 'input.referenceDate');
  }
  const seen = new Set<string>();
  input.categories.forEach((c, i) => {
    const route = c.route ?? null;
    if (route !== null && !usesRoutes) {
      throw badInput(`input.categories[${i}].route`, `scheme ${input.schemeCode} does not use routes`);
    }
    const key = `${c.category}|${route ?? ''}`;
    if (seen.has(key)) {
      throw badInput(`input.categories[${i}]`, `${c.category}${route ? `/${route}` : ''} is listed twice`);
    }
    seen.add(key);
  });
}

/**
 * Creates version 1 of a rule (`newVersion` false) or the next version of an existing one. Rule
 * versions are never changed (decision 0205): a change is always a new version, so a version a
 * run used can never differ from what the run recorded.
 */
export async function createAllocationRule(ctx: RequestContext, input: AllocationRuleInput, newVersion = false): Promise<AllocationRule> {
  const actor = requireActor(ctx);
  await validateRule(ctx, input);
  return runCommand(ctx, async (tx) => {
    await tx.em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 5))`, [`allocation-rule:${input.ruleKey}`]);
    const repo = tx.em.getRepository(AllocationRuleEntity);
    const latest = await repo.findOne({ where: { ruleKey: input.ruleKey }, order: { version: 'DESC' } });
    if (!newVersion && latest) {
      throw conflict(`rule ${input.ruleKey} exists; create a new version instead`, { field: 'input.ruleKey' });
    }
    if (newVersion && !latest) {
      throw notFound('allocation rule', input.ruleKey);
    }
    if (latest && latest.schemeCode !== input.schemeCode) {
      throw badInput('input.schemeCode', `rule ${input.ruleKey} belongs to scheme ${latest.schemeCode}`);
    }
    const entity = repo.create({
      id: crypto.randomUUID(),
      ruleKey: input.ruleKey,
      version: (latest?.version ?? 0) + 1,
      schemeCode: input.schemeCode,
      basis: input.basis,
      attributionRule: input.attributionRule ?? null,
      referenceDate: input.referenceDate ?? null,
      categories: input.categories.map((c) => ({ category: c.category, route: c.route ?? null })),
      useBaseAmounts: input.useBaseAmounts,
      description: input.description ?? '',
      createdBy: actor.subject,
    });
    await repo.insert(entity);
    return toRule(await repo.findOneByOrFail({ id: entity.id }), false);
  });
}

export async function findRuleVersion(ctx: RequestContext, id: string): Promise<AllocationRuleEntity | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) {
    return null;
  }
  return ctx.em.getRepository(AllocationRuleEntity).findOneBy({ id });
}

export async function listAllocationRules(
  ctx: RequestContext,
  filter: { schemeCode?: string | null; ruleKey?: string | null },
): Promise<AllocationRule[]> {
  const qb = ctx.em.getRepository(AllocationRuleEntity).createQueryBuilder('r');
  if (filter.schemeCode) {
    qb.andWhere('r.scheme_code = :s', { s: filter.schemeCode });
  }
  if (filter.ruleKey) {
    qb.andWhere('r.rule_key = :k', { k: filter.ruleKey });
  }
  const rows = await qb.orderBy('r.rule_key').addOrderBy('r.version', 'DESC').getMany();
  const used: { id: string }[] =
    rows.length === 0
      ? []
      : await ctx.em.query(`SELECT DISTINCT rule_version_id::text AS id FROM allocation_runs WHERE rule_version_id = ANY($1::uuid[])`, [
          rows.map((r) => r.id),
        ]);
  const usedIds = new Set(used.map((u) => u.id));
  return rows.map((r) => toRule(r, usedIds.has(r.id)));
}

export { toRule };
