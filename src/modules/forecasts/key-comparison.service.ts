import crypto from 'node:crypto';
import { canonicalJson, sha256Hex } from '../../common/hashing/canonical';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { assertIdempotencyKey, idempotent } from '../../common/idempotency/idempotency';
import { requestHash } from '../../common/idempotency/request-hash';
import { assertRole } from '../../common/auth/scope';
import { Role } from '../../common/auth/actor';
import { badInput, notFound } from '../../common/errors/domain-error';
import { runInputsNow } from '../allocations';
import { yearlyCounts } from '../counts';
import { municipalitiesOn } from './forecast.service';
import { KeyComparisonEntity } from './interim.entity';
import {
  compareKeys,
  KEY_COMPARISON_VERSION,
  KEY_RULES,
  keyComparisonOutput,
  type KeyComparisonInputs,
  type KeyCount,
} from './key-comparison.calculator';

export interface RunKeyComparisonInput {
  schemeCode: string;
  year: number;
  /** The rule whose categories, rates and base amounts price every key. */
  ruleVersionId: string;
  fromYear: number;
  toYear: number;
  /** The attribution rule of the final entitlement (default PEILDATUM). */
  finalRule?: string | null;
  idempotencyKey: string;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The whole stored comparison, inputs included (reproducing it; the console's reads take `keyComparison`'s cut, decision 1880). */
export async function getKeyComparisonEntity(ctx: RequestContext, id: string): Promise<KeyComparisonEntity> {
  const e = UUID.test(id) ? await ctx.em.getRepository(KeyComparisonEntity).findOneBy({ id }) : null;
  if (!e) {
    throw notFound('key comparison', id);
  }
  return e;
}

/** Gathers what a comparison reads: the scheme-year's run inputs (counts left out), the counts of every source and year, the register's population. */
export async function gatherKeyComparisonInputs(
  ctx: RequestContext,
  input: Omit<RunKeyComparisonInput, 'idempotencyKey'> & { finalRule: string },
): Promise<KeyComparisonInputs> {
  const base = { ...(await runInputsNow(ctx, input)), counts: [] };
  const years = Array.from({ length: input.toYear - input.fromYear + 1 }, (_, i) => input.fromYear + i);
  const counts: KeyComparisonInputs['counts'] = {};
  const put = async (source: string, year: number, basis: string, rule: string | null) => {
    const rows = await yearlyCounts(ctx, { year, basis, rule });
    counts[source] = counts[source] ?? {};
    counts[source][String(year)] = rows
      .map((c): KeyCount => ({ municipalityCode: c.municipalityCode, category: c.category, route: c.route, value: c.value.toFixed(6) }))
      .sort((a, b) =>
        `${a.municipalityCode}|${a.category}|${a.route ?? ''}`.localeCompare(`${b.municipalityCode}|${b.category}|${b.route ?? ''}`),
      );
    if (rows.length === 0) {
      delete counts[source][String(year)];
    }
  };
  for (const t of years) {
    await put('TAAKSTELLING', t, 'TAAKSTELLING', null);
  }
  for (const rule of KEY_RULES) {
    // The final rule's history reaches back five years (SHRINKAGE_EB); the others need last year and the year itself.
    const first = rule === input.finalRule ? input.fromYear - 5 : input.fromYear - 1;
    for (let t = first; t <= input.toYear; t += 1) {
      await put(`REGISTERED:${rule}`, t, 'REGISTERED', rule);
    }
  }
  const population = (await municipalitiesOn(ctx, `${input.year}-01-01`)).sort((a, b) => (a.code < b.code ? -1 : 1));
  return { version: KEY_COMPARISON_VERSION, base, years, finalRule: input.finalRule, counts, population };
}

/**
 * Compares the candidate distribution keys of a scheme-year over backtest years (issue 18.5,
 * decision 1311) and stores the comparison with its inputs and output (both hashed, so
 * `compareKeys(inputs)` reproduces it). Books nothing. Finance officer; idempotent by key.
 */
export async function runKeyComparison(
  ctx: RequestContext,
  input: RunKeyComparisonInput,
): Promise<{ comparison: KeyComparisonEntity; replayed: boolean }> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  const actor = requireActor(ctx);
  assertIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey');
  const finalRule = input.finalRule ?? 'PEILDATUM';
  if (!(KEY_RULES as readonly string[]).includes(finalRule)) {
    throw badInput('input.finalRule', `one of ${KEY_RULES.join(', ')}`);
  }
  if (!Number.isInteger(input.fromYear) || !Number.isInteger(input.toYear) || input.fromYear > input.toYear) {
    throw badInput('input.toYear', 'toYear must not be before fromYear');
  }
  if (input.toYear - input.fromYear > 9) {
    throw badInput('input.fromYear', 'compare at most 10 years');
  }
  if (input.toYear > input.year) {
    throw badInput('input.toYear', `backtest years end by the scheme-year ${input.year}`);
  }
  if (!UUID.test(input.ruleVersionId)) {
    throw notFound('allocation rule version', input.ruleVersionId);
  }
  const params = { ruleVersionId: input.ruleVersionId, fromYear: input.fromYear, toYear: input.toYear, finalRule };
  const hash = requestHash({ op: 'key-comparison', s: input.schemeCode, y: input.year, ...params });
  return runCommand(ctx, async (tx) => {
    const { result, replayed } = await idempotent(tx, {
      key: input.idempotencyKey,
      field: 'input.idempotencyKey',
      what: 'key comparison',
      requestHash: hash,
      find: async () => {
        const earlier = await tx.em.getRepository(KeyComparisonEntity).findOneBy({ idempotencyKey: input.idempotencyKey });
        return earlier && { requestHash: earlier.requestHash, replay: async () => earlier };
      },
      perform: async () => {
        const inputs = await gatherKeyComparisonInputs(tx, { ...input, finalRule });
        const unitScale = inputs.base.scheme.unitScale;
        const output = keyComparisonOutput(compareKeys(inputs), unitScale);
        const repo = tx.em.getRepository(KeyComparisonEntity);
        const id = crypto.randomUUID();
        await repo.insert({
          id,
          schemeCode: input.schemeCode,
          year: input.year,
          params,
          methodVersion: KEY_COMPARISON_VERSION,
          inputs: inputs as unknown as Record<string, unknown>,
          inputHash: sha256Hex(canonicalJson(inputs)),
          output: output,
          outputHash: sha256Hex(canonicalJson(output)),
          unitScale,
          idempotencyKey: input.idempotencyKey,
          requestHash: hash,
          createdBy: actor.subject,
        } as QueryDeepPartialEntity<KeyComparisonEntity>);
        return repo.findOneByOrFail({ id });
      },
    });
    return { comparison: result, replayed };
  });
}
