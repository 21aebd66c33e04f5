import type Decimal from 'decimal.js';
import type { RequestContext } from '../../context';
import { assertMunicipalityAccess, municipalityScope } from '../../common/auth/scope';
import { decodeCursor, toPage, type Page } from '../../common/graphql/connection';
import { notFound, badInput } from '../../common/errors/domain-error';
import { optionalIsoDate, todayInAmsterdam } from '../../common/dates';
import { toFixedScale } from '../../common/money/money';
import { In } from 'typeorm';
import { getScheme, type FundingScheme } from '../schemes';
import { municipalitiesExistingOn } from '../municipalities';
import { AccountabilityReportEntity, ReportDifferenceEntity } from './verantwoording.entity';
import { eligibleSpending } from './verantwoording.rules';
import { loadContent, loadContents } from './verantwoording.service';
import {
  ReportStatus,
  type AccountabilityReport,
  type AccountabilityStatus,
  type ReportDifference,
  type SpendingComponent,
} from './verantwoording.type';
import type { AccountabilityOverviewFilter, ReportFilter } from './verantwoording.inputs';

/** Maps a page of reports with a fixed number of queries: schemes, lines and differences in batches. */
async function toReports(ctx: RequestContext, rows: AccountabilityReportEntity[]): Promise<AccountabilityReport[]> {
  const ids = rows.map((r) => r.id);
  const contents = await loadContents(ctx, ids);
  const diffs =
    ids.length === 0
      ? []
      : await ctx.em
          .getRepository(ReportDifferenceEntity)
          .find({ where: { reportId: In(ids) }, order: { checkCode: 'ASC', category: 'ASC', route: 'ASC' } });
  const schemes = new Map<string, FundingScheme>();
  for (const key of new Set(rows.map((r) => `${r.schemeCode}|${r.year}`))) {
    const [code = '', year = '0'] = key.split('|');
    schemes.set(key, await getScheme(ctx, code, Number(year)));
  }
  return rows.map((r) => {
    const scheme = schemes.get(`${r.schemeCode}|${r.year}`) as FundingScheme;
    const content = contents.get(r.id) ?? { counts: [], expenditure: [], attachments: [] };
    return {
      id: r.id,
      municipalityCode: r.municipalityCode,
      schemeCode: r.schemeCode,
      year: r.year,
      version: r.version,
      replacesId: r.replacesId,
      status: r.status as ReportStatus,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      deadline: scheme.accountabilityDeadline,
      late: r.late,
      createdBy: r.createdBy,
      createdAt: r.createdAt,
      submittedBy: r.submittedBy,
      submittedAt: r.submittedAt,
      contentHash: r.contentHash,
      decidedBy: r.decidedBy,
      decidedAt: r.decidedAt,
      decisionReason: r.decisionReason,
      counts: content.counts.map((c, i) => ({
        line: i + 1,
        category: c.category,
        route: c.route,
        count: c.count.toFixed(6),
        explanation: c.explanation,
      })),
      expenditure: content.expenditure.map((e, i) => ({
        line: i + 1,
        component: e.component as SpendingComponent,
        amount: toFixedScale(e.amount, scheme.unitScale),
        explanation: e.explanation,
      })),
      attachments: content.attachments,
      eligibleSpending: toFixedScale(eligibleSpending(content.expenditure, scheme.stream), scheme.unitScale),
      differences: diffs.filter((d) => d.reportId === r.id).map(toDifference),
    };
  });
}

function toDifference(d: ReportDifferenceEntity): ReportDifference {
  return {
    id: d.id,
    check: d.checkCode,
    category: d.category,
    route: d.route,
    reported: d.reported,
    expected: d.expected,
    difference: d.difference,
    relative: d.relative,
    toleranceAbsolute: d.toleranceAbsolute,
    toleranceRelative: d.toleranceRelative,
    beyondTolerance: d.beyondTolerance,
  };
}

/** One version; a controller only of its own municipality (FORBIDDEN otherwise). */
export async function getReport(ctx: RequestContext, reportId: string): Promise<AccountabilityReport> {
  if (!/^[0-9a-f-]{36}$/i.test(reportId)) {
    throw badInput('id', 'not a report id');
  }
  const r = await ctx.em.getRepository(AccountabilityReportEntity).findOneBy({ id: reportId });
  if (!r) {
    throw notFound('accountability report', reportId);
  }
  assertMunicipalityAccess(ctx, r.municipalityCode);
  const [report] = await toReports(ctx, [r]);
  return report as AccountabilityReport;
}

/** Every version, newest first per series; a controller sees only its own municipality. */
export async function listReports(
  ctx: RequestContext,
  filter: ReportFilter | undefined,
  first: number,
  after: string | null | undefined,
): Promise<Page<AccountabilityReport>> {
  const scope = municipalityScope(ctx, filter?.municipalityCode ? [filter.municipalityCode] : null);
  const qb = ctx.em.getRepository(AccountabilityReportEntity).createQueryBuilder('r');
  if (scope !== null) {
    qb.andWhere('r.municipality_code = ANY(:scope)', { scope });
  }
  if (filter?.schemeCode) {
    qb.andWhere('r.scheme_code = :code', { code: filter.schemeCode });
  }
  if (filter?.year) {
    qb.andWhere('r.year = :year', { year: filter.year });
  }
  if (filter?.status) {
    qb.andWhere('r.status = :status', { status: filter.status });
  }
  const totalCount = await qb.getCount();
  const cursor = decodeCursor(after);
  // Sort key: municipality, scheme, year, version (zero-padded) — unique per row.
  const key = (r: AccountabilityReportEntity) => `${r.municipalityCode}|${r.schemeCode}|${r.year}|${String(r.version).padStart(6, '0')}`;
  if (cursor !== null) {
    qb.andWhere(`(r.municipality_code || '|' || r.scheme_code || '|' || r.year || '|' || lpad(r.version::text, 6, '0')) > :cursor`, {
      cursor,
    });
  }
  const rows = await qb
    .orderBy('r.municipality_code')
    .addOrderBy('r.scheme_code')
    .addOrderBy('r.year')
    .addOrderBy('r.version')
    .limit(first + 1)
    .getMany();
  const reports = await toReports(ctx, rows);
  return toPage(
    reports,
    first,
    (r) =>
      key({
        municipalityCode: r.municipalityCode,
        schemeCode: r.schemeCode,
        year: r.year,
        version: r.version,
      } as AccountabilityReportEntity),
    totalCount,
  );
}

interface StatusRow {
  code: string;
  name: string;
  province_code: string;
  latest_status: string | null;
  latest_version: number | null;
  latest_id: string | null;
  first_submitted_late: boolean | null;
  submitted: boolean;
  beyond: number;
}

/**
 * Where every municipality existing on 1 January of the year stands: latest version, submitted,
 * late, overdue (nothing submitted and the deadline passed on `asOf`), differences beyond
 * tolerance in the latest submitted version. One set-based query.
 */
export async function accountabilityStatuses(
  ctx: RequestContext,
  schemeCode: string,
  year: number,
  asOf?: string | null,
): Promise<AccountabilityStatus[]> {
  const scheme = await getScheme(ctx, schemeCode, year);
  const on = optionalIsoDate(asOf, 'asOf') ?? todayInAmsterdam();
  // The register belongs to the municipalities module: read through its index, joined here as arrays.
  const register = await municipalitiesExistingOn(ctx, `${year}-01-01`);
  const rows: StatusRow[] = await ctx.em.query(
    `WITH m AS (
       SELECT * FROM unnest($3::varchar[], $4::varchar[], $5::varchar[]) AS m(code, name, province_code)),
     latest AS (
       SELECT DISTINCT ON (municipality_code) municipality_code, id, status, version
         FROM accountability_reports WHERE scheme_code = $1 AND year = $2
        ORDER BY municipality_code, version DESC),
     first_submitted AS (
       SELECT DISTINCT ON (municipality_code) municipality_code, late
         FROM accountability_reports WHERE scheme_code = $1 AND year = $2 AND submitted_at IS NOT NULL
        ORDER BY municipality_code, version ASC),
     latest_submitted AS (
       SELECT DISTINCT ON (municipality_code) municipality_code, id
         FROM accountability_reports WHERE scheme_code = $1 AND year = $2 AND submitted_at IS NOT NULL
        ORDER BY municipality_code, version DESC)
     SELECT m.code, m.name, m.province_code, l.status AS latest_status, l.version AS latest_version, l.id AS latest_id,
            fs.late AS first_submitted_late, fs.municipality_code IS NOT NULL AS submitted,
            COALESCE((SELECT count(*)::int FROM accountability_differences d WHERE d.report_id = ls.id AND d.beyond_tolerance), 0) AS beyond
       FROM m
       LEFT JOIN latest l ON l.municipality_code = m.code
       LEFT JOIN first_submitted fs ON fs.municipality_code = m.code
       LEFT JOIN latest_submitted ls ON ls.municipality_code = m.code
      ORDER BY m.code`,
    [schemeCode, year, register.map((m) => m.code), register.map((m) => m.name), register.map((m) => m.provinceCode)],
  );
  return rows.map((r) => ({
    municipalityCode: r.code,
    municipalityName: r.name,
    provinceCode: r.province_code,
    latestStatus: (r.latest_status as ReportStatus | null) ?? null,
    latestVersion: r.latest_version,
    latestReportId: r.latest_id,
    submitted: r.submitted,
    late: r.first_submitted_late === true,
    overdue: !r.submitted && on > scheme.accountabilityDeadline,
    differencesBeyondTolerance: r.beyond,
  }));
}

/** The ministry's overview, filterable, as a connection. A controller sees its own line only. */
export async function accountabilityOverview(
  ctx: RequestContext,
  args: { schemeCode: string; year: number; asOf?: string | null },
  filter: AccountabilityOverviewFilter | undefined,
  first: number,
  after: string | null | undefined,
): Promise<Page<AccountabilityStatus>> {
  const scope = municipalityScope(ctx, null);
  const cursor = decodeCursor(after);
  const all = (await accountabilityStatuses(ctx, args.schemeCode, args.year, args.asOf)).filter(
    (s) =>
      (scope === null || scope.includes(s.municipalityCode)) &&
      (filter?.submitted == null || s.submitted === filter.submitted) &&
      (filter?.late == null || s.late === filter.late) &&
      (filter?.overdue == null || s.overdue === filter.overdue) &&
      (filter?.beyondTolerance == null || s.differencesBeyondTolerance > 0 === filter.beyondTolerance) &&
      (filter?.provinceCode == null || s.provinceCode === filter.provinceCode),
  );
  const page = all.filter((s) => cursor === null || s.municipalityCode > cursor).slice(0, first + 1);
  return toPage(page, first, (s) => s.municipalityCode, all.length);
}

/** Eligible spending of the latest ACCEPTED version, or null when none is accepted (no settlement on spending). */
export async function acceptedEligibleSpending(
  ctx: RequestContext,
  input: { municipalityCode: string; schemeCode: string; year: number },
): Promise<Decimal | null> {
  const accepted = await ctx.em.getRepository(AccountabilityReportEntity).findOne({
    where: { municipalityCode: input.municipalityCode, schemeCode: input.schemeCode, year: input.year, status: ReportStatus.ACCEPTED },
    order: { version: 'DESC' },
  });
  if (!accepted) {
    return null;
  }
  const scheme = await getScheme(ctx, input.schemeCode, input.year);
  const content = await loadContent(ctx, accepted.id);
  return eligibleSpending(content.expenditure, scheme.stream);
}
