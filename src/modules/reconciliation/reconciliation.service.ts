import type Decimal from 'decimal.js';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { Role } from '../../common/auth/actor';
import { assertMunicipalityAccess, assertRole, municipalityScope, visiblePostingMunicipalities } from '../../common/auth/scope';
import { getMunicipality } from '../municipalities';
import { badInput, conflict, notFound } from '../../common/errors/domain-error';
import { runCommand } from '../../common/db/run-command';
import { decodeCursor, toPage, type Page } from '../../common/graphql/connection';
import { getScheme } from '../schemes';
import { InFlight } from '../../common/in-flight';
import { transactionsOfDifference, transactionsOfDifferencePage, type listJournalTransactions } from '../ledger';
import { hashInputs, hashOutput, reconcile, type FrozenInputs } from './reconciliation.calculator';
import {
  ReconciliationDifferenceEntity,
  ReconciliationExportEntity,
  ReconciliationReproductionEntity,
  ReconciliationRunEntity,
} from './reconciliation.entity';
import { enqueueRun, newRunId, wakeWorker } from './reconciliation.job';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^GM\d{4}$/;

export interface StartReconciliationInput {
  schemeCode: string;
  year: number;
  asOf?: Date | null;
  municipalityCodes?: string[] | null;
}

/**
 * Queues a run (FINANCE_OFFICER or AUDITOR). One active run per scheme-year: a second start while
 * one is QUEUED or RUNNING is CONFLICT (a partial unique index decides races). The worker picks
 * it up at once (the run's job on the job queue is written with it). asOf defaults to now and cannot lie in the future (the ledger is read as recorded
 * at asOf, and the future is not recorded yet).
 */
export async function startReconciliation(ctx: RequestContext, input: StartReconciliationInput): Promise<ReconciliationRunEntity> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  const actor = requireActor(ctx);
  const now = new Date();
  const asOf = input.asOf ?? now;
  if (Number.isNaN(asOf.getTime()) || asOf.getTime() > now.getTime() + 1000) {
    throw badInput('input.asOf', 'must be a moment not in the future');
  }
  const codes = input.municipalityCodes ?? null;
  codes?.forEach((c, i) => {
    if (!CODE.test(c)) {
      throw badInput(`input.municipalityCodes[${i}]`, 'is not a municipality code (GMnnnn)');
    }
  });
  await getScheme(ctx, input.schemeCode, input.year);
  for (const code of new Set(codes ?? [])) {
    await getMunicipality(ctx, code); // NOT_FOUND: a run over a code that is no municipality reconciles nothing
  }
  const run = await runCommand(ctx, async (tx) => {
    const active = await tx.em
      .getRepository(ReconciliationRunEntity)
      .createQueryBuilder('r')
      .where('r.scheme_code = :s AND r.year = :y AND r.status IN (:...st)', {
        s: input.schemeCode,
        y: input.year,
        st: ['QUEUED', 'RUNNING'],
      })
      .getOne();
    if (active) {
      throw conflict(`reconciliation run ${active.id} of ${input.schemeCode} ${input.year} is ${active.status}`, { runId: active.id });
    }
    const entity = tx.em.getRepository(ReconciliationRunEntity).create({
      id: newRunId(),
      schemeCode: input.schemeCode,
      year: input.year,
      asOf,
      municipalityCodes: codes ? [...new Set(codes)].sort() : null,
      status: 'QUEUED',
      progressDone: 0,
      progressTotal: 0,
      createdBy: actor.subject,
    });
    let saved: ReconciliationRunEntity;
    try {
      saved = await tx.em.getRepository(ReconciliationRunEntity).save(entity);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw conflict(`a reconciliation run of ${input.schemeCode} ${input.year} is already active`);
      }
      throw error;
    }
    // The run's job, in the same transaction: no run without its job, no job without its run.
    await enqueueRun(tx, saved.id);
    return saved;
  });
  wakeWorker(ctx);
  return run;
}

/** Throws NOT_FOUND. Run headers are for ministry roles and controllers alike (they hold no municipal figures). */
export async function getReconciliationRun(ctx: RequestContext, id: string): Promise<ReconciliationRunEntity> {
  const run = UUID.test(id) ? await ctx.em.getRepository(ReconciliationRunEntity).findOneBy({ id }) : null;
  if (!run) {
    throw notFound('reconciliation run', id);
  }
  return run;
}

/**
 * A run without its frozen inputs and output (hundreds of kilobytes of JSON each at national
 * scale), with only the output's totals: what the run pages and lists show (decision 1771).
 */
export type ReconciliationRunHeader = Omit<ReconciliationRunEntity, 'inputs' | 'output'> & {
  /** Null while the run has no output; otherwise only its totals. */
  output: { totals: unknown } | null;
};

const HEADER_FIELDS = [
  'id',
  'schemeCode',
  'year',
  'asOf',
  'municipalityCodes',
  'status',
  'progressDone',
  'progressTotal',
  'startedAt',
  'finishedAt',
  'durationMs',
  'error',
  'inputHash',
  'outputHash',
  'journalHeadHash',
  'journalHeadSequence',
  'differenceCount',
  'createdBy',
  'createdAt',
] as const satisfies readonly (keyof ReconciliationRunEntity)[];

function headerQuery(ctx: RequestContext) {
  return ctx.em
    .getRepository(ReconciliationRunEntity)
    .createQueryBuilder('r')
    .select(HEADER_FIELDS.map((f) => `r.${f}`))
    .addSelect('r.output IS NOT NULL', 'run_has_output')
    .addSelect(`r.output -> 'totals'`, 'run_totals');
}

async function headers(qb: ReturnType<typeof headerQuery>): Promise<ReconciliationRunHeader[]> {
  const { entities, raw } = await qb.getRawAndEntities<{ run_has_output: boolean; run_totals: unknown }>();
  return entities.map((e, i) => {
    const r = raw[i];
    const { inputs: _inputs, output: _output, ...rest } = e;
    return { ...rest, output: r?.run_has_output ? { totals: r.run_totals ?? undefined } : null };
  });
}

/** A run's header (no inputs, no output but its totals); NOT_FOUND like `getReconciliationRun`. */
export async function getReconciliationRunHeader(ctx: RequestContext, id: string): Promise<ReconciliationRunHeader> {
  const [run] = UUID.test(id) ? await headers(headerQuery(ctx).where('r.id = :id', { id })) : [];
  if (!run) {
    throw notFound('reconciliation run', id);
  }
  return run;
}

export async function listReconciliationRuns(
  ctx: RequestContext,
  filter: { schemeCode?: string | null; year?: number | null; status?: string | null },
  first: number,
  after: string | null | undefined,
): Promise<Page<ReconciliationRunHeader>> {
  const qb = headerQuery(ctx);
  if (filter.schemeCode) {
    qb.andWhere('r.scheme_code = :s', { s: filter.schemeCode });
  }
  if (filter.year !== null && filter.year !== undefined) {
    qb.andWhere('r.year = :y', { y: filter.year });
  }
  if (filter.status) {
    qb.andWhere('r.status = :st', { st: filter.status });
  }
  const total = await qb.getCount();
  const cursor = decodeCursor(after);
  if (cursor !== null) {
    // Newest first: the key is (created_at, id), compared as a row value.
    const [ts = '', id = ''] = cursor.split('|');
    if (Number.isNaN(new Date(ts).getTime()) || !UUID.test(id)) {
      throw badInput('after', 'is not a cursor of this list');
    }
    qb.andWhere('(r.created_at, r.id) < (:ts::timestamptz, :cid::uuid)', { ts, cid: id });
  }
  const rows = await headers(
    qb
      .orderBy('r.created_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(first + 1),
  );
  const key = (r: ReconciliationRunHeader) => `${r.createdAt.toISOString()}|${r.id}`;
  return toPage(rows, first, key, total);
}

export interface DifferenceFilter {
  cause?: string | null;
  municipalityCode?: string | null;
  /** At least 0 (checked by the input's rule). */
  minimumAbsolute?: Decimal | null;
}

/** Differences of a run in order; a controller sees only its own municipality's (FORBIDDEN for another). */
export async function listReconciliationDifferences(
  ctx: RequestContext,
  runId: string,
  filter: DifferenceFilter,
  first: number,
  after: string | null | undefined,
): Promise<Page<ReconciliationDifferenceEntity>> {
  const scope = municipalityScope(ctx, filter.municipalityCode ? [filter.municipalityCode] : null);
  await getReconciliationRunHeader(ctx, runId);
  const qb = ctx.em.getRepository(ReconciliationDifferenceEntity).createQueryBuilder('d').where('d.run_id = :id', { id: runId });
  if (scope !== null) {
    qb.andWhere('d.municipality_code = ANY(:scope)', { scope });
  }
  if (filter.cause) {
    qb.andWhere('d.cause = :cause', { cause: filter.cause });
  }
  if (filter.minimumAbsolute !== null && filter.minimumAbsolute !== undefined) {
    qb.andWhere('abs(d.difference) >= :min::numeric', { min: filter.minimumAbsolute.toFixed() });
  }
  const total = await qb.getCount();
  const cursor = decodeCursor(after);
  if (cursor !== null) {
    qb.andWhere('d.ordinal > :o', { o: Number(cursor) });
  }
  const rows = await qb
    .orderBy('d.ordinal')
    .limit(first + 1)
    .getMany();
  return toPage(rows, first, (d) => String(d.ordinal), total);
}

/** How many of a municipality's transactions (in chain order) a trail looks through. */
const TRAIL_TRANSACTIONS = 10_000;

type TrailTransactionNode = Awaited<ReturnType<typeof listJournalTransactions>>['edges'][number]['node'];

export interface DifferenceTrail {
  difference: ReconciliationDifferenceEntity;
  /** Which transactions the trail shows (null for a run-wide difference: none); read when asked, `trailTransactions`. */
  source: { municipalityCode: string; account: string | null; refs: string[]; recordedBy: Date } | null;
  /** The frozen inputs behind it (canonical JSON fragments), read when called. */
  inputs: () => Promise<string[]>;
}

/**
 * The frozen inputs behind a difference, cut out of the run's inputs by PostgreSQL (decision
 * 1771): the inputs are 1.6 MB of JSON at national scale, and the trail shows a few kilobytes of
 * them. Each fragment is what the trail always showed, in the same order, element order kept.
 */
async function trailFragments(ctx: RequestContext, runId: string, d: ReconciliationDifferenceEntity): Promise<unknown[]> {
  if (d.municipalityCode === null) {
    const [row] = await ctx.em.query<{ ledger: FrozenInputs['ledger'] | null }[]>(
      `SELECT inputs -> 'ledger' AS ledger FROM reconciliation_runs WHERE id = $1 AND inputs IS NOT NULL`,
      [runId],
    );
    if (!row) {
      return [];
    }
    const ledger = row.ledger as FrozenInputs['ledger'];
    return [
      {
        ledger: {
          headSequence: ledger.headSequence,
          headHash: ledger.headHash,
          trialBalanceNet: ledger.trialBalanceNet,
          chain: ledger.chain,
        },
      },
    ];
  }
  // Elements of an array of the inputs matching a condition on `x`, in their order, as one array.
  const matching = (array: string, condition: string) =>
    `(SELECT coalesce(jsonb_agg(x ORDER BY o), '[]'::jsonb) FROM jsonb_array_elements(coalesce(${array}, '[]'::jsonb)) WITH ORDINALITY AS e(x, o) WHERE ${condition})`;
  const first = (array: string, condition: string) =>
    `(SELECT x FROM jsonb_array_elements(${array}) WITH ORDINALITY AS e(x, o) WHERE ${condition} ORDER BY o LIMIT 1)`;
  const ofAccount = `CASE WHEN $3::text IS NULL THEN x -> 'account' = 'null'::jsonb ELSE x ->> 'account' = $3::text END`;
  const [row] = await ctx.em.query<
    {
      current_id: string | null;
      line: unknown;
      due: unknown[];
      payments: unknown[];
      report: unknown;
      balances: unknown[];
      corrections: unknown[];
      mergers: unknown[];
    }[]
  >(
    `SELECT i -> 'allocationRuns' -> -1 ->> 'id' AS current_id,
            ${first(`i -> 'allocationRuns' -> -1 -> 'lines'`, `x ->> 'municipalityCode' = $2::text`)} AS line,
            ${matching(`i -> 'advances' -> 'due'`, `x ->> 'municipalityCode' = $2::text`)} AS due,
            ${matching(`i -> 'advances' -> 'payments'`, `x ->> 'municipalityCode' = $2::text`)} AS payments,
            ${first(`i -> 'reports'`, `x ->> 'municipalityCode' = $2::text`)} AS report,
            ${matching(`i -> 'ledger' -> 'balances'`, `starts_with(x ->> 'account', 'municipality:' || $2::text || ':')`)} AS balances,
            ${matching(`i -> 'ledger' -> 'manualCorrections'`, ofAccount)} AS corrections,
            ${matching(`nullif(i -> 'ledger' -> 'mergerTransfers', 'null'::jsonb)`, ofAccount)} AS mergers
       FROM (SELECT inputs || '{}'::jsonb AS i FROM reconciliation_runs WHERE id = $1 AND inputs IS NOT NULL OFFSET 0) r`,
    [runId, d.municipalityCode, d.account],
  );
  if (!row) {
    return [];
  }
  return [
    { allocationRun: row.current_id ?? null, line: row.line ?? null },
    { tranchesDue: row.due, payments: row.payments },
    { report: row.report ?? null },
    { balances: row.balances },
    { manualCorrections: row.corrections },
    { mergerTransfers: row.mergers },
  ];
}

/** A difference, the ledger transactions of its municipality recorded by the run's asOf, and the inputs behind it. */
export async function differenceTrail(ctx: RequestContext, runId: string, ordinal: number): Promise<DifferenceTrail> {
  const run = await getReconciliationRunHeader(ctx, runId);
  const d = await ctx.em.getRepository(ReconciliationDifferenceEntity).findOneBy({ runId, ordinal });
  if (!d) {
    throw notFound('reconciliation difference', `${runId}/${ordinal}`);
  }
  if (d.municipalityCode !== null) {
    assertMunicipalityAccess(ctx, d.municipalityCode);
  } else {
    assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  }
  return {
    difference: d,
    source:
      d.municipalityCode === null ? null : { municipalityCode: d.municipalityCode, account: d.account, refs: d.refs, recordedBy: run.asOf },
    // Read when asked (a page of postings does not need them); requests for the same difference
    // that arrive while its fragments are read share that read (they depend on nothing else).
    inputs: () =>
      fragmentsInFlight.share(JSON.stringify([runId, ordinal]), async () =>
        (await trailFragments(ctx, runId, d)).map((f) => JSON.stringify(f)),
      ),
  };
}

/** Trail input fragments being read, by run and ordinal (decision 1830). */
const fragmentsInFlight = new InFlight<string[]>();

/**
 * The ledger transactions of a trail: of the first 10,000 transactions of the municipality (the
 * trail read 20 pages of 500 before decision 1771), those recorded by the run's asOf on the
 * difference's account or named by it. All of them, or a page in chain order (decision 1830).
 * Scoped again by the caller's role (a controller only its own municipality).
 */
export async function trailTransactions(ctx: RequestContext, source: DifferenceTrail['source']): Promise<TrailTransactionShown[]> {
  return source === null
    ? []
    : (await transactionsOfDifference(ctx, { ...source, limit: TRAIL_TRANSACTIONS })).map((t) => shown(t, source));
}

type TrailTransactionShown = TrailTransactionNode & { postingCount: number; shownPostings: TrailTransactionNode['postings'] };

/**
 * The postings a trail row shows (decision 1830): those on the difference's account; for a
 * difference without an account, those on the municipality's own accounts (not the other 341
 * municipalities' lines of an allocation); none of them: the first. `postings` keeps them all.
 */
function shown(t: TrailTransactionNode, source: NonNullable<DifferenceTrail['source']>): TrailTransactionShown {
  const own = `municipality:${source.municipalityCode}:`;
  const on = t.postings.filter((p) => (source.account === null ? p.account.startsWith(own) : p.account === source.account));
  return { ...t, postingCount: t.postings.length, shownPostings: on.length > 0 ? on : t.postings.slice(0, 1) };
}

export async function trailTransactionPage(
  ctx: RequestContext,
  source: DifferenceTrail['source'],
  first: number,
  after: string | null | undefined,
): Promise<Page<TrailTransactionShown>> {
  if (source === null) {
    decodeCursor(after);
    return toPage([], first, () => '', 0);
  }
  // Checked per caller, then shared with requests for the same page that see the same postings.
  municipalityScope(ctx, [source.municipalityCode]);
  const key = JSON.stringify([source, visiblePostingMunicipalities(ctx), first, after ?? null]);
  return trailPagesInFlight.share(key, async () => {
    const page = await transactionsOfDifferencePage(ctx, { ...source, limit: TRAIL_TRANSACTIONS, first, after });
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: shown(e.node, source) })) };
  });
}

/** Trail pages being read, by what they show and who may see which postings (decision 1830). */
const trailPagesInFlight = new InFlight<Page<TrailTransactionShown>>();

/**
 * Recomputes a finished run from its stored inputs (FINANCE_OFFICER or AUDITOR) and records the
 * outcome; a different input or output hash is recorded as matches = false (never an error: it is
 * a finding).
 */
export async function reproduceReconciliation(ctx: RequestContext, runId: string): Promise<ReconciliationReproductionEntity> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  const actor = requireActor(ctx);
  const run = await getReconciliationRun(ctx, runId);
  if (run.status !== 'SUCCEEDED' || run.inputs === null) {
    throw conflict(`reconciliation run ${runId} is ${run.status}: only a SUCCEEDED run can be reproduced`);
  }
  const inputs = run.inputs as FrozenInputs;
  const inputHash = hashInputs(inputs);
  const outputHash = hashOutput(reconcile(inputs));
  return runCommand(ctx, async (tx) =>
    tx.em.getRepository(ReconciliationReproductionEntity).save(
      tx.em.getRepository(ReconciliationReproductionEntity).create({
        runId,
        inputHash,
        outputHash,
        matches: inputHash === run.inputHash && outputHash === run.outputHash,
        reproducedBy: actor.subject,
      }),
    ),
  );
}

export async function listReproductions(ctx: RequestContext, runId: string): Promise<ReconciliationReproductionEntity[]> {
  return ctx.em.getRepository(ReconciliationReproductionEntity).find({ where: { runId }, order: { reproducedAt: 'ASC', id: 'ASC' } });
}

export const EXPORT_FORMATS = ['CSV', 'CSV_NL', 'XLSX', 'JSON'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Records an export of a SUCCEEDED run (FINANCE_OFFICER or AUDITOR); the download route streams it. */
export async function exportReconciliation(ctx: RequestContext, runId: string, format: ExportFormat): Promise<ReconciliationExportEntity> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  const actor = requireActor(ctx);
  if (!EXPORT_FORMATS.includes(format)) {
    throw badInput('format', 'must be CSV, CSV_NL, XLSX or JSON');
  }
  const run = await getReconciliationRun(ctx, runId);
  if (run.status !== 'SUCCEEDED') {
    throw conflict(`reconciliation run ${runId} is ${run.status}: only a SUCCEEDED run can be exported`);
  }
  return runCommand(ctx, async (tx) =>
    tx.em
      .getRepository(ReconciliationExportEntity)
      .save(tx.em.getRepository(ReconciliationExportEntity).create({ id: newRunId(), runId, format, exportedBy: actor.subject })),
  );
}

/** An export and its run, for the download (FINANCE_OFFICER or AUDITOR). */
export async function getExportForDownload(
  ctx: RequestContext,
  exportId: string,
): Promise<{ exp: ReconciliationExportEntity; run: ReconciliationRunEntity }> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  const exp = UUID.test(exportId) ? await ctx.em.getRepository(ReconciliationExportEntity).findOneBy({ id: exportId }) : null;
  if (!exp) {
    throw notFound('reconciliation export', exportId);
  }
  return { exp, run: await getReconciliationRun(ctx, exp.runId) };
}
