import { In } from 'typeorm';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { Role } from '../../common/auth/actor';
import { assertMunicipalityAccess, assertRole } from '../../common/auth/scope';
import { getMunicipality } from '../municipalities';
import { runCommand } from '../../common/db/run-command';
import { DomainError, badInput, conflict, notFound } from '../../common/errors/domain-error';
import { optionalIsoDate } from '../../common/dates';
import { money } from '../../common/money/money';
import { sha256Bytes } from '../../common/hashing/canonical';
import { getScheme, SchemeStatus, type FundingScheme } from '../schemes';
import { yearlyCounts } from '../counts';
import { accounts, getBalance } from '../ledger';
import {
  AccountabilityReopeningEntity,
  AccountabilityReportEntity,
  AccountabilityToleranceEntity,
  ReportAttachmentEntity,
  ReportCountLineEntity,
  ReportDifferenceEntity,
  ReportExpenditureLineEntity,
} from './verantwoording.entity';
import {
  DEFAULT_TOLERANCE,
  contentHash,
  countDifferences,
  eligibleSpending,
  spendingDifferences,
  submittedLate,
  validateContent,
  type Difference,
  type Tolerance,
  type ValidatedContent,
} from './verantwoording.calculator';
import type {
  CreateReportDraftInput,
  DecideReportInput,
  ReopenAccountabilityInput,
  ReportContentInput,
  SetAccountabilityToleranceInput,
  UpdateReportDraftInput,
} from './verantwoording.inputs';
import { ReportDecision, ReportStatus } from './verantwoording.type';

/** The attribution rule whose REGISTERED counts a report is compared with (decision 0012). */
const RULE_IN_FORCE = 'PEILDATUM';

function validated(
  ctx: RequestContext,
  input: ReportContentInput,
  scheme: FundingScheme,
  year: number,
): { content: ValidatedContent; periodStart: string; periodEnd: string } {
  const { content, problems } = validateContent(
    { counts: input.counts, expenditure: input.expenditure, attachments: input.attachments },
    { unitScale: scheme.unitScale, usesRoutes: scheme.usesRoutes },
  );
  const periodStart = optionalIsoDate(input.periodStart, 'input.periodStart') ?? `${year}-01-01`;
  const periodEnd = optionalIsoDate(input.periodEnd, 'input.periodEnd') ?? `${year}-12-31`;
  if (!periodStart.startsWith(`${year}-`)) {
    problems.push({ line: 0, field: 'input.periodStart', message: `must lie within ${year}` });
  }
  if (!periodEnd.startsWith(`${year}-`) || periodEnd < periodStart) {
    problems.push({ line: 0, field: 'input.periodEnd', message: `must lie within ${year} and not before periodStart` });
  }
  const first = problems[0];
  if (first !== undefined) {
    ctx.log.info({ problems: problems.length }, 'report content refused');
    throw new DomainError(
      'BAD_USER_INPUT',
      problems.map((p) => `${p.field}${p.line > 0 ? ` (line ${p.line})` : ''}: ${p.message}`).join('; '),
      {
        field: first.field,
        line: first.line,
        problems,
      },
    );
  }
  return { content, periodStart, periodEnd };
}

async function assertOpenForReports(ctx: RequestContext, scheme: FundingScheme, municipalityCode: string): Promise<void> {
  if (scheme.status !== SchemeStatus.CLOSED) {
    return;
  }
  const reopened = await ctx.em
    .getRepository(AccountabilityReopeningEntity)
    .createQueryBuilder('r')
    .where('r.scheme_code = :code AND r.year = :year', { code: scheme.code, year: scheme.year })
    .andWhere('(r.municipality_code IS NULL OR r.municipality_code = :m)', { m: municipalityCode })
    .getCount();
  if (reopened === 0) {
    throw new DomainError('SCHEME_YEAR_CLOSED', `${scheme.code} ${scheme.year} is closed; a finance officer must reopen it for reports`, {
      schemeCode: scheme.code,
      year: scheme.year,
    });
  }
}

async function writeLines(ctx: RequestContext, reportId: string, content: ValidatedContent): Promise<void> {
  const em = ctx.em;
  await em.getRepository(ReportCountLineEntity).delete({ reportId });
  await em.getRepository(ReportExpenditureLineEntity).delete({ reportId });
  await em.getRepository(ReportAttachmentEntity).delete({ reportId });
  if (content.counts.length > 0) {
    await em.getRepository(ReportCountLineEntity).insert(content.counts.map((c, i) => ({ reportId, lineNo: i + 1, ...c })));
  }
  if (content.expenditure.length > 0) {
    await em.getRepository(ReportExpenditureLineEntity).insert(content.expenditure.map((e, i) => ({ reportId, lineNo: i + 1, ...e })));
  }
  if (content.attachments.length > 0) {
    await em.getRepository(ReportAttachmentEntity).insert(content.attachments.map((a, i) => ({ reportId, lineNo: i + 1, ...a })));
  }
}

/** Serialises writes on one municipality's reports for one scheme-year. */
async function lockReportSeries(ctx: RequestContext, municipalityCode: string, schemeCode: string, year: number): Promise<void> {
  const key = sha256Bytes(`verantwoording|${municipalityCode}|${schemeCode}|${year}`).readBigInt64BE(0);
  await ctx.em.query('SELECT pg_advisory_xact_lock($1::bigint)', [key.toString()]);
}

async function lockedReport(ctx: RequestContext, reportId: string): Promise<AccountabilityReportEntity> {
  if (!/^[0-9a-f-]{36}$/i.test(reportId)) {
    throw badInput('input.reportId', 'not a report id');
  }
  const report = await ctx.em
    .getRepository(AccountabilityReportEntity)
    .createQueryBuilder('r')
    .setLock('pessimistic_write')
    .where('r.id = :id', { id: reportId })
    .getOne();
  if (!report) {
    throw notFound('accountability report', reportId);
  }
  return report;
}

/**
 * Starts a new version for a municipality's scheme-year: the first report, or a correction of the
 * latest ACCEPTED or REJECTED version. Refused while a DRAFT or SUBMITTED version is open.
 */
export async function createReportDraft(ctx: RequestContext, input: CreateReportDraftInput): Promise<string> {
  assertMunicipalityAccess(ctx, input.municipalityCode, 'report for');
  const actor = requireActor(ctx);
  const scheme = await getScheme(ctx, input.schemeCode, input.year);
  const { content, periodStart, periodEnd } = validated(ctx, input, scheme, input.year);
  await assertOpenForReports(ctx, scheme, input.municipalityCode);
  return runCommand(ctx, async (tx) => {
    await lockReportSeries(tx, input.municipalityCode, input.schemeCode, input.year);
    const latest = await tx.em.getRepository(AccountabilityReportEntity).findOne({
      where: { municipalityCode: input.municipalityCode, schemeCode: input.schemeCode, year: input.year },
      order: { version: 'DESC' },
    });
    if (latest && (latest.status === ReportStatus.DRAFT || latest.status === ReportStatus.SUBMITTED)) {
      throw conflict(
        `version ${latest.version} is still ${latest.status}: ${latest.status === ReportStatus.DRAFT ? 'update that draft' : 'wait for its decision'}`,
        {
          reportId: latest.id,
        },
      );
    }
    const report = await tx.em.getRepository(AccountabilityReportEntity).save({
      municipalityCode: input.municipalityCode,
      schemeCode: input.schemeCode,
      year: input.year,
      version: (latest?.version ?? 0) + 1,
      replacesId: latest?.id ?? null,
      status: ReportStatus.DRAFT,
      periodStart,
      periodEnd,
      createdBy: actor.subject,
    });
    await writeLines(tx, report.id, content);
    return report.id;
  });
}

/** Replaces the content of a DRAFT; a submitted version never changes. */
export async function updateReportDraft(ctx: RequestContext, input: UpdateReportDraftInput): Promise<string> {
  return runCommand(ctx, async (tx) => {
    const report = await lockedReport(tx, input.reportId);
    assertMunicipalityAccess(tx, report.municipalityCode, 'report for');
    if (report.status !== ReportStatus.DRAFT) {
      throw conflict(`report version ${report.version} is ${report.status} and cannot change; start a correction`, { reportId: report.id });
    }
    const scheme = await getScheme(tx, report.schemeCode, report.year);
    const { content, periodStart, periodEnd } = validated(tx, input, scheme, report.year);
    await tx.em.getRepository(AccountabilityReportEntity).update({ id: report.id }, { periodStart, periodEnd });
    await writeLines(tx, report.id, content);
    return report.id;
  });
}

export async function currentTolerance(
  ctx: RequestContext,
  schemeCode: string,
  year: number,
): Promise<{ counts: Tolerance; amounts: Tolerance }> {
  const row = await ctx.em
    .getRepository(AccountabilityToleranceEntity)
    .findOne({ where: { schemeCode, year }, order: { recordedAt: 'DESC' } });
  if (!row) {
    return DEFAULT_TOLERANCE;
  }
  return {
    counts: { absolute: row.countAbsolute, relative: row.countRelative },
    amounts: { absolute: row.amountAbsolute, relative: row.amountRelative },
  };
}

/** Content of many reports in three queries (no query per report). */
export async function loadContents(ctx: RequestContext, reportIds: string[]): Promise<Map<string, ValidatedContent>> {
  const out = new Map<string, ValidatedContent>(reportIds.map((id) => [id, { counts: [], expenditure: [], attachments: [] }]));
  if (reportIds.length === 0) {
    return out;
  }
  const where = { reportId: In(reportIds) };
  // One after the other: inside a command `ctx.em` is one connection, and pg refuses (pg 9) or
  // warns about (pg 8) a query sent while another is running on it.
  const order = { reportId: 'ASC', lineNo: 'ASC' } as const;
  const counts = await ctx.em.getRepository(ReportCountLineEntity).find({ where, order });
  const expenditure = await ctx.em.getRepository(ReportExpenditureLineEntity).find({ where, order });
  const attachments = await ctx.em.getRepository(ReportAttachmentEntity).find({ where, order });
  for (const c of counts) {
    out.get(c.reportId)?.counts.push({ category: c.category, route: c.route, count: c.count, explanation: c.explanation });
  }
  for (const e of expenditure) {
    out.get(e.reportId)?.expenditure.push({
      component: e.component as ValidatedContent['expenditure'][number]['component'],
      amount: e.amount,
      explanation: e.explanation,
    });
  }
  for (const a of attachments) {
    out.get(a.reportId)?.attachments.push({ name: a.name, sha256: a.sha256 });
  }
  return out;
}

async function loadContent(ctx: RequestContext, reportId: string): Promise<ValidatedContent> {
  return (await loadContents(ctx, [reportId])).get(reportId) ?? { counts: [], expenditure: [], attachments: [] };
}

/** Differences against registration and funding, as DOMAIN.md and decision 0012 describe. */
async function differencesFor(
  ctx: RequestContext,
  report: AccountabilityReportEntity,
  scheme: FundingScheme,
  content: ValidatedContent,
): Promise<{ diffs: Difference[]; tolerance: { counts: Tolerance; amounts: Tolerance } }> {
  const tolerance = await currentTolerance(ctx, scheme.code, scheme.year);
  // Narrowed in SQL: submitting one report must not read every municipality's counts.
  const only = [report.municipalityCode];
  let registered = (
    await yearlyCounts(ctx, { year: report.year, basis: 'REGISTERED', rule: RULE_IN_FORCE, municipalityCodes: only })
  ).filter((r) => r.municipalityCode === report.municipalityCode);
  if (registered.length === 0) {
    // Registration feeds without an attribution rule (e.g. DUO totals).
    registered = (await yearlyCounts(ctx, { year: report.year, basis: 'REGISTERED', rule: null, municipalityCodes: only })).filter(
      (r) => r.municipalityCode === report.municipalityCode,
    );
  }
  const diffs = countDifferences(content.counts, registered, tolerance.counts);
  // Funding: the current decision (committed, credit-normal) and the tranches paid for the year.
  const committed = await getBalance(ctx, accounts.committed(report.municipalityCode, scheme.code, scheme.year));
  const advances = await getBalance(ctx, accounts.advance(report.municipalityCode, scheme.code, scheme.year), {
    asOf: `${scheme.year}-12-31`,
  });
  const spending = eligibleSpending(content.expenditure, scheme.stream);
  const entitlement = committed.isZero() ? null : committed.negated();
  diffs.push(...spendingDifferences(spending, entitlement, advances.isNegative() ? money('0') : advances, tolerance.amounts));
  return { diffs, tolerance };
}

/**
 * Freezes a DRAFT: records the moment, whether it is late (derived from that moment by
 * `submittedLate`, the one rule), the SHA-256 of its content, and every difference against
 * registration and funding with its tolerance. `at` is now, except for fixtures replaying a
 * scenario's history.
 */
export async function submitReport(ctx: RequestContext, reportId: string, at: Date = new Date()): Promise<string> {
  const actor = requireActor(ctx);
  return runCommand(ctx, async (tx) => {
    const report = await lockedReport(tx, reportId);
    assertMunicipalityAccess(tx, report.municipalityCode, 'submit for');
    if (report.status !== ReportStatus.DRAFT) {
      throw conflict(`report version ${report.version} is already ${report.status}`, { reportId });
    }
    const scheme = await getScheme(tx, report.schemeCode, report.year);
    await assertOpenForReports(tx, scheme, report.municipalityCode);
    const content = await loadContent(tx, report.id);
    const hash = contentHash(
      {
        municipalityCode: report.municipalityCode,
        schemeCode: report.schemeCode,
        year: report.year,
        version: report.version,
        periodStart: report.periodStart,
        periodEnd: report.periodEnd,
      },
      content,
      scheme.unitScale,
    );
    await tx.em.getRepository(AccountabilityReportEntity).update(
      { id: report.id },
      {
        status: ReportStatus.SUBMITTED,
        submittedBy: actor.subject,
        submittedAt: at,
        contentHash: hash,
        late: submittedLate(at, scheme.accountabilityDeadline),
      },
    );
    const { diffs, tolerance } = await differencesFor(tx, report, scheme, content);
    if (diffs.length > 0) {
      await tx.em.getRepository(ReportDifferenceEntity).insert(
        diffs.map((d) => {
          const t = d.check === 'REPORTED_COUNT_DIFFERS' ? tolerance.counts : tolerance.amounts;
          return {
            reportId: report.id,
            checkCode: d.check,
            category: d.category,
            route: d.route,
            reported: d.reported,
            expected: d.expected,
            difference: d.difference,
            relative: d.relative === null ? null : d.relative.toDecimalPlaces(12),
            toleranceAbsolute: t.absolute,
            toleranceRelative: t.relative,
            beyondTolerance: d.beyondTolerance,
          };
        }),
      );
    }
    return report.id;
  });
}

/**
 * A finance officer accepts or rejects a SUBMITTED version (a rejection needs a reason). `at` is
 * now, except for fixtures replaying a scenario's history; never before the submission.
 */
export async function decideReport(ctx: RequestContext, input: DecideReportInput, at: Date = new Date()): Promise<string> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  const actor = requireActor(ctx);
  if (input.decision === ReportDecision.REJECT && !input.reason?.trim()) {
    throw badInput('input.reason', 'a rejection needs a reason');
  }
  return runCommand(ctx, async (tx) => {
    const report = await lockedReport(tx, input.reportId);
    if (report.status !== ReportStatus.SUBMITTED) {
      throw conflict(`report version ${report.version} is ${report.status}; only a SUBMITTED report can be decided`, {
        reportId: report.id,
      });
    }
    await tx.em.getRepository(AccountabilityReportEntity).update(
      { id: report.id },
      {
        status: input.decision === ReportDecision.ACCEPT ? ReportStatus.ACCEPTED : ReportStatus.REJECTED,
        decidedBy: actor.subject,
        decidedAt: report.submittedAt !== null && at < report.submittedAt ? report.submittedAt : at,
        decisionReason: input.reason?.trim() ?? null,
      },
    );
    return report.id;
  });
}

export async function setTolerance(ctx: RequestContext, input: SetAccountabilityToleranceInput): Promise<void> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  const actor = requireActor(ctx);
  await getScheme(ctx, input.schemeCode, input.year);
  const row = {
    schemeCode: input.schemeCode,
    year: input.year,
    // Formats and ranges were checked by the input's scalars and rules before this ran.
    countAbsolute: input.countAbsolute,
    countRelative: input.countRelative,
    amountAbsolute: input.amountAbsolute,
    amountRelative: input.amountRelative,
    recordedBy: actor.subject,
  };
  await runCommand(ctx, (tx) => tx.em.getRepository(AccountabilityToleranceEntity).insert(row));
}

export async function reopenAccountability(ctx: RequestContext, input: ReopenAccountabilityInput): Promise<void> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  const actor = requireActor(ctx);
  await getScheme(ctx, input.schemeCode, input.year);
  // The code's format was checked by the input's rule ('' included); it must also exist.
  if (input.municipalityCode !== null && input.municipalityCode !== undefined) {
    await getMunicipality(ctx, input.municipalityCode); // NOT_FOUND for a code that is no municipality
  }
  await runCommand(ctx, (tx) =>
    tx.em.getRepository(AccountabilityReopeningEntity).insert({
      schemeCode: input.schemeCode,
      year: input.year,
      municipalityCode: input.municipalityCode ?? null,
      reason: input.reason,
      recordedBy: actor.subject,
    }),
  );
}

export { loadContent };
