import { useQuery } from 'urql';
import type { ColumnDef } from '@tanstack/react-table';
import { graphql } from '../../gql';
import { QueryState } from '../../components/QueryState';
import { DataTable } from '../../components/DataTable';
import { formatDate, formatMoney } from '../../format';
import { MunicipalityGate, StatusBadge, useSchemeYears, useSelectedYear, YearPicker, type RunSummary, type SchemeYear } from './shared';

const RunLineQuery = graphql(`
  query ControllerRunLine($runId: String!, $code: String!) {
    allocationRun(id: $runId) {
      id
      seq
      stage
      lines(municipalityCodes: [$code], first: 1) {
        edges {
          node {
            municipalityCode
            amount
            decisionNumber
            weight
            baseAmount
          }
        }
      }
    }
    allocationExplanation(municipalityCode: $code, runId: $runId) {
      steps
    }
  }
`);

const StatementQuery = graphql(`
  query ControllerAdvanceStatement($code: String!, $schemeCode: String!, $year: Int!) {
    municipalityAdvanceStatement(municipalityCode: $code, schemeCode: $schemeCode, year: $year) {
      suspended
      totalPaid
      totalPlanned
      explanation
      tranches {
        index
        dueDate
        amount
        cash
        offset
        status
      }
    }
    advanceSuspensions(municipalityCodes: [$code], schemeCode: $schemeCode, year: $year) {
      id
      action
      reason
      at
      actor
      overdueYears
    }
  }
`);

interface TrancheRow {
  index: number;
  dueDate: string;
  amount: string;
  cash?: string | null;
  offset?: string | null;
  status: string;
}

const trancheColumns: ColumnDef<TrancheRow, string>[] = [
  { id: 'index', header: 'Tranche', accessorFn: (t) => String(t.index + 1), enableSorting: false },
  { id: 'dueDate', header: 'Due', accessorFn: (t) => t.dueDate, cell: (c) => formatDate(c.getValue()) },
  {
    id: 'amount',
    header: 'Amount',
    accessorFn: (t) => t.amount,
    cell: (c) => formatMoney(c.getValue()),
    meta: { numeric: true },
    enableSorting: false,
  },
  {
    id: 'paid',
    header: 'Paid (cash + offset)',
    accessorFn: (t) => t.cash ?? '',
    cell: (c) => {
      const t = c.row.original;
      if (t.cash === null || t.cash === undefined) {
        return '—';
      }
      return t.offset !== null && t.offset !== undefined && !/^0(\.0+)?$/.test(t.offset)
        ? `${formatMoney(t.cash)} + ${formatMoney(t.offset)}`
        : formatMoney(t.cash);
    },
    meta: { numeric: true },
    enableSorting: false,
  },
  { id: 'status', header: 'Status', accessorFn: (t) => t.status, cell: (c) => <StatusBadge status={c.getValue()} /> },
];

/** The controller's start page: entitlement per scheme of the chosen year, tranches paid and planned, suspensions. */
export function MunicipalityOverview() {
  return <MunicipalityGate page="Entitlement and tranches">{(m) => <Overview code={m.code} />}</MunicipalityGate>;
}

function Overview({ code }: { code: string }) {
  const { schemes, runs, fetching, error } = useSchemeYears();
  const years = [...new Set(schemes.map((s) => s.year))];
  const withRuns = years.filter((y) => runs.some((r) => r.year === y && r.status === 'CURRENT'));
  const { year, select } = useSelectedYear(years, withRuns);
  const ofYear = schemes.filter((s) => s.year === year);
  return (
    <QueryState fetching={fetching} error={error}>
      {years.length === 0 ? (
        <p className="muted">No scheme-years yet.</p>
      ) : (
        <>
          <YearPicker years={years} year={year} onSelect={select} />
          {ofYear.map((s) => (
            <SchemeSection
              key={s.id}
              code={code}
              scheme={s}
              currentRuns={runs.filter((r) => r.schemeCode === s.code && r.year === s.year && r.status === 'CURRENT')}
            />
          ))}
        </>
      )}
    </QueryState>
  );
}

function SchemeSection({ code, scheme, currentRuns }: { code: string; scheme: SchemeYear; currentRuns: RunSummary[] }) {
  const headingId = `scheme-${scheme.id}`;
  return (
    <section className="card" aria-labelledby={headingId} data-testid={`scheme-${scheme.code}-${scheme.year}`}>
      <h2 id={headingId}>
        {scheme.name} <StatusBadge status={scheme.status} />
      </h2>
      <p className="muted">
        {scheme.code} · {scheme.budgetMode === 'CLOSED' ? 'closed budget' : 'open-ended'}
        {scheme.settlesOnSpending ? ' · settled on accepted spending' : ''} · accountability deadline{' '}
        {formatDate(scheme.accountabilityDeadline)}
      </p>
      {currentRuns.length === 0 ? <p className="muted">No current allocation run for this scheme-year.</p> : null}
      {currentRuns.map((run) => (
        <RunEntitlement key={run.id} code={code} run={run} scheme={scheme} />
      ))}
      <Advances code={code} scheme={scheme} />
    </section>
  );
}

function RunEntitlement({ code, run, scheme }: { code: string; run: RunSummary; scheme: SchemeYear }) {
  const [{ data, fetching, error }] = useQuery({ query: RunLineQuery, variables: { runId: run.id, code } });
  const line = data?.allocationRun.lines.edges[0]?.node;
  return (
    <QueryState fetching={fetching} error={error}>
      {line ? (
        <>
          <div className="cards">
            <div className="stat">
              <div className="label">
                Entitlement ({run.stage.toLowerCase()} run {run.seq})
              </div>
              <div className="value" data-testid={`entitlement-${scheme.code}-${scheme.year}`}>
                {formatMoney(line.amount)}
              </div>
              <div className="label">Decision {line.decisionNumber}</div>
            </div>
          </div>
          {data?.allocationExplanation ? (
            <details className="ctl-details">
              <summary>How the entitlement is calculated</summary>
              <ol className="ctl-steps">
                {data.allocationExplanation.steps.map((step, i) => (
                  <li key={i}>{step}</li>
                ))}
              </ol>
            </details>
          ) : null}
        </>
      ) : (
        <p className="muted">No allocation line for this municipality in run {run.seq}.</p>
      )}
    </QueryState>
  );
}

function Advances({ code, scheme }: { code: string; scheme: SchemeYear }) {
  const [{ data, fetching, error }] = useQuery({ query: StatementQuery, variables: { code, schemeCode: scheme.code, year: scheme.year } });
  const st = data?.municipalityAdvanceStatement;
  const suspensions = data?.advanceSuspensions ?? [];
  return (
    <QueryState fetching={fetching} error={error}>
      {st ? (
        <>
          <h3>Advances</h3>
          {st.suspended ? (
            <p className="alert" role="status">
              Advances are suspended.
            </p>
          ) : null}
          {st.tranches.length === 0 ? (
            <p className="muted">No advance plan for this scheme-year.</p>
          ) : (
            <>
              <div className="cards">
                <div className="stat">
                  <div className="label">Tranches paid</div>
                  <div className="value" data-testid={`paid-${scheme.code}-${scheme.year}`}>
                    {formatMoney(st.totalPaid)}
                  </div>
                </div>
                <div className="stat">
                  <div className="label">Still planned</div>
                  <div className="value" data-testid={`planned-${scheme.code}-${scheme.year}`}>
                    {formatMoney(st.totalPlanned)}
                  </div>
                </div>
              </div>
              <DataTable
                caption={`Tranches of ${scheme.code} ${scheme.year}`}
                data={st.tranches}
                columns={trancheColumns}
                rowKey={(t) => String(t.index)}
                testId={`tranches-${scheme.code}-${scheme.year}`}
              />
              {st.explanation.length > 0 ? (
                <details className="ctl-details">
                  <summary>How the advance is planned</summary>
                  <ul className="ctl-steps">
                    {st.explanation.map((e, i) => (
                      <li key={i}>{e}</li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </>
          )}
          {suspensions.length > 0 ? (
            <div className="table-wrap">
              <table data-testid={`suspensions-${scheme.code}-${scheme.year}`}>
                <caption>Suspensions and releases</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Action</th>
                    <th scope="col">Reason</th>
                    <th scope="col">Overdue years</th>
                    <th scope="col">By</th>
                  </tr>
                </thead>
                <tbody>
                  {suspensions.map((s) => (
                    <tr key={s.id}>
                      <td>{formatDate(s.at)}</td>
                      <td>
                        <StatusBadge status={s.action === 'SUSPEND' ? 'SUSPENDED' : 'RELEASED'} />
                      </td>
                      <td>{s.reason}</td>
                      <td>{s.overdueYears?.join(', ') ?? '—'}</td>
                      <td>{s.actor}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted">No suspensions.</p>
          )}
        </>
      ) : null}
    </QueryState>
  );
}
