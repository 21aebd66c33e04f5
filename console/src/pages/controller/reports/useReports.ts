import { useMemo } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { graphql } from '../../../gql';
import type { ControllerReportsQuery } from '../../../gql/graphql';
import type { ReportContent } from './reportForm';

const ReportsQuery = graphql(`
  query ControllerReports($code: String!) {
    accountabilityReports(filter: { municipalityCode: $code }, first: 100) {
      totalCount
      edges {
        node {
          id
          municipalityCode
          schemeCode
          year
          version
          status
          deadline
          late
          createdAt
          submittedAt
          submittedBy
          decidedAt
          decisionReason
          replacesId
          periodStart
          periodEnd
          eligibleSpending
          counts {
            line
            category
            route
            count
            explanation
          }
          expenditure {
            line
            component
            amount
            explanation
          }
          attachments {
            name
            sha256
          }
          differences {
            id
            check
            category
            route
            reported
            expected
            difference
            beyondTolerance
          }
        }
      }
    }
  }
`);

const CreateDraft = graphql(`
  mutation ControllerCreateReportDraft($input: CreateReportDraftInput!) {
    createReportDraft(input: $input) {
      id
      status
      version
    }
  }
`);

const UpdateDraft = graphql(`
  mutation ControllerUpdateReportDraft($input: UpdateReportDraftInput!) {
    updateReportDraft(input: $input) {
      id
      status
      version
    }
  }
`);

const Submit = graphql(`
  mutation ControllerSubmitReport($reportId: ID!) {
    submitReport(reportId: $reportId) {
      id
      status
      late
      submittedAt
    }
  }
`);

export type Report = ControllerReportsQuery['accountabilityReports']['edges'][number]['node'];

/** Report versions of the municipality (at most 100: four a year at most, with corrections), newest scheme-year first. */
export function useReports(code: string) {
  // urql re-runs a query whose context object changes: keep it stable.
  const context = useMemo(() => ({ additionalTypenames: ['AccountabilityReport'] }), []);
  const [{ data, fetching, error }, refetch] = useQuery({ query: ReportsQuery, variables: { code }, context });
  const reports = useMemo(
    () =>
      data === undefined
        ? undefined
        : data.accountabilityReports.edges
            .map((e) => e.node)
            .sort((a, b) => b.year - a.year || a.schemeCode.localeCompare(b.schemeCode) || b.version - a.version),
    [data],
  );
  return {
    reports,
    total: data?.accountabilityReports.totalCount ?? 0,
    fetching,
    error,
    refetch: () => refetch({ requestPolicy: 'network-only' }),
  };
}

export type Saved = { id: string; error: null } | { id: null; error: CombinedError };

/** Drafting (create or update) and submitting a report: the three mutations of the form. */
export function useReportMutations(target: { code: string; schemeCode: string; year: number; draftId: string | null }) {
  const [created, create] = useMutation(CreateDraft);
  const [updated, update] = useMutation(UpdateDraft);
  const [submitted, submit] = useMutation(Submit);

  /** Saves the content as the draft (a new draft, or a correction of the latest version, when there is none). */
  async function save(content: ReportContent): Promise<Saved> {
    if (target.draftId !== null) {
      const r = await update({ input: { reportId: target.draftId, ...content } });
      return r.error ? { id: null, error: r.error } : { id: r.data?.updateReportDraft.id ?? '', error: null };
    }
    const r = await create({ input: { municipalityCode: target.code, schemeCode: target.schemeCode, year: target.year, ...content } });
    return r.error ? { id: null, error: r.error } : { id: r.data?.createReportDraft.id ?? '', error: null };
  }

  async function submitDraft(reportId: string) {
    const r = await submit({ reportId });
    return { error: r.error ?? null, late: r.data?.submitReport.late ?? null };
  }

  return { busy: created.fetching || updated.fetching || submitted.fetching, save, submit: submitDraft };
}
