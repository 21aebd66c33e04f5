import { useMemo } from 'react';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ColumnDef } from '@tanstack/react-table';
import { graphql } from '../../gql';
import type { TrancheStatus } from '../../gql/graphql';
import { QueryState } from '../../components/QueryState';
import { DataTable } from '../../components/DataTable';
import { StatusBadge, useStageLabel, useStatusLabel } from '../../components/StatusBadge';
import { runsOf, useSchemeYears, useYearChoice, YearSelect, type RunSummary, type SchemeYear } from '../../components/SchemeYearPicker';
import { yearsOf } from '../../components/schemeYear';
import { allocationSteps } from '../../explain';
import { formatDate, formatMoney, localiseNumbersInText, signOf } from '../../format';
import { MunicipalityGate } from './MunicipalityGate';

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
      ...ConsoleAllocationExplanationFigures
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
  status: TrancheStatus;
}

function trancheColumns(t: TFunction, statusLabel: (s: string) => string): ColumnDef<TrancheRow, string>[] {
  return [
    { id: 'index', header: t('controller.overview.tranche'), accessorFn: (r) => String(r.index + 1), enableSorting: false },
    { id: 'dueDate', header: t('controller.overview.due'), accessorFn: (r) => r.dueDate, cell: (c) => formatDate(c.getValue()) },
    {
      id: 'amount',
      header: t('common.amount'),
      accessorFn: (r) => r.amount,
      cell: (c) => formatMoney(c.getValue()),
      meta: { numeric: true, sum: 'money' },
      enableSorting: false,
    },
    {
      id: 'paid',
      header: t('controller.overview.paidCashOffset'),
      accessorFn: (r) => r.cash ?? '',
      cell: (c) => {
        const r = c.row.original;
        if (r.cash === null || r.cash === undefined) {
          return '—';
        }
        return r.offset !== null && r.offset !== undefined && signOf(r.offset) !== 0
          ? `${formatMoney(r.cash)} + ${formatMoney(r.offset)}`
          : formatMoney(r.cash);
      },
      meta: { numeric: true },
      enableSorting: false,
    },
    {
      id: 'status',
      header: t('common.status'),
      accessorFn: (r) => r.status,
      cell: (c) => <StatusBadge status={c.getValue()} />,
      meta: { csv: (r) => statusLabel(r.status) },
    },
  ];
}

/** The controller's start page: entitlement per scheme of the chosen year, tranches paid and planned, suspensions. */
export function MunicipalityOverview() {
  const { t } = useTranslation();
  return <MunicipalityGate page={t('nav.controller.overview')}>{(m) => <Overview code={m.code} />}</MunicipalityGate>;
}

function Overview({ code }: { code: string }) {
  const { t } = useTranslation();
  const { schemes, runs, fetching, error, retry } = useSchemeYears();
  const years = yearsOf(schemes);
  const withRuns = years.filter((y) => runs.some((r) => r.year === y && r.status === 'CURRENT'));
  const { year, select } = useYearChoice(years, withRuns);
  const ofYear = schemes.filter((s) => s.year === year);
  return (
    <QueryState fetching={fetching} error={error} retry={retry}>
      {years.length === 0 ? (
        <p className="muted">{t('controller.noSchemeYears')}</p>
      ) : (
        <>
          <div className="toolbar">
            <YearSelect years={years} value={year} onChange={(y) => y !== 'all' && select(y)} />
          </div>
          {ofYear.map((s) => (
            <SchemeSection key={s.id} code={code} scheme={s} currentRuns={runsOf(runs, s).filter((r) => r.status === 'CURRENT')} />
          ))}
        </>
      )}
    </QueryState>
  );
}

function SchemeSection({ code, scheme, currentRuns }: { code: string; scheme: SchemeYear; currentRuns: RunSummary[] }) {
  const { t } = useTranslation();
  const headingId = `scheme-${scheme.id}`;
  return (
    <section className="card" aria-labelledby={headingId} data-testid={`scheme-${scheme.code}-${scheme.year}`}>
      <h2 id={headingId}>
        {scheme.name} <StatusBadge status={scheme.status} />
      </h2>
      <p className="muted">
        {scheme.code} · {t(`budgetMode.${scheme.budgetMode}`)}
        {scheme.settlesOnSpending ? ` · ${t('controller.overview.settlesOnSpending')}` : ''} ·{' '}
        {t('controller.overview.deadline', { date: formatDate(scheme.accountabilityDeadline) })}
      </p>
      {currentRuns.length === 0 ? <p className="muted">{t('controller.overview.noCurrentRun')}</p> : null}
      {currentRuns.map((run) => (
        <RunEntitlement key={run.id} code={code} run={run} scheme={scheme} />
      ))}
      <Advances code={code} scheme={scheme} />
    </section>
  );
}

function RunEntitlement({ code, run, scheme }: { code: string; run: RunSummary; scheme: SchemeYear }) {
  const { t } = useTranslation();
  const stageLabel = useStageLabel();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: RunLineQuery, variables: { runId: run.id, code } });
  const line = data?.allocationRun.lines.edges[0]?.node;
  return (
    <QueryState fetching={fetching} error={error} retry={() => reexecute({ requestPolicy: 'network-only' })}>
      {line ? (
        <>
          <div className="cards">
            <div className="stat">
              <div className="label">{t('controller.overview.entitlement', { stage: stageLabel(run.stage), seq: run.seq })}</div>
              <div className="value" data-testid={`entitlement-${scheme.code}-${scheme.year}`}>
                {formatMoney(line.amount)}
              </div>
              <div className="label">{t('controller.overview.decision', { number: line.decisionNumber })}</div>
            </div>
          </div>
          {data?.allocationExplanation ? (
            <details className="ctl-details">
              <summary>{t('controller.overview.howCalculated')}</summary>
              <ol className="ctl-steps" data-testid={`entitlement-steps-${scheme.code}-${scheme.year}`}>
                {allocationSteps(t, data.allocationExplanation).map((step, i) => (
                  <li key={i}>{step}</li>
                ))}
              </ol>
            </details>
          ) : null}
        </>
      ) : (
        <p className="muted">{t('controller.overview.noLine', { seq: run.seq })}</p>
      )}
    </QueryState>
  );
}

function Advances({ code, scheme }: { code: string; scheme: SchemeYear }) {
  const { t } = useTranslation();
  const statusLabel = useStatusLabel();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: StatementQuery,
    variables: { code, schemeCode: scheme.code, year: scheme.year },
  });
  const st = data?.municipalityAdvanceStatement;
  const suspensions = data?.advanceSuspensions ?? [];
  const columns = useMemo(() => trancheColumns(t, statusLabel), [t, statusLabel]);
  return (
    <QueryState fetching={fetching} error={error} retry={() => reexecute({ requestPolicy: 'network-only' })}>
      {st ? (
        <>
          <h3>{t('controller.overview.advances')}</h3>
          {st.suspended ? (
            <p className="alert" role="status">
              {t('controller.overview.suspended')}
            </p>
          ) : null}
          {st.tranches.length === 0 ? (
            <p className="muted">{t('controller.overview.noPlan')}</p>
          ) : (
            <>
              <div className="cards">
                <div className="stat">
                  <div className="label">{t('controller.overview.tranchesPaid')}</div>
                  <div className="value" data-testid={`paid-${scheme.code}-${scheme.year}`}>
                    {formatMoney(st.totalPaid)}
                  </div>
                </div>
                <div className="stat">
                  <div className="label">{t('controller.overview.stillPlanned')}</div>
                  <div className="value" data-testid={`planned-${scheme.code}-${scheme.year}`}>
                    {formatMoney(st.totalPlanned)}
                  </div>
                </div>
              </div>
              <DataTable
                caption={t('controller.overview.tranchesCaption', { code: scheme.code, year: scheme.year })}
                data={st.tranches}
                columns={columns}
                rowKey={(r) => String(r.index)}
                testId={`tranches-${scheme.code}-${scheme.year}`}
                csvName={`tranches-${code}-${scheme.code}-${scheme.year}`}
              />
              {st.explanation.length > 0 ? (
                <details className="ctl-details">
                  <summary>{t('controller.overview.howPlanned')}</summary>
                  <ul className="ctl-steps">
                    {st.explanation.map((e, i) => (
                      <li key={i}>{localiseNumbersInText(e)}</li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </>
          )}
          {suspensions.length > 0 ? (
            <div className="table-wrap">
              <table data-testid={`suspensions-${scheme.code}-${scheme.year}`}>
                <caption>{t('controller.overview.suspensionsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('controller.overview.when')}</th>
                    <th scope="col">{t('controller.overview.action')}</th>
                    <th scope="col">{t('controller.overview.reason')}</th>
                    <th scope="col">{t('controller.overview.overdueYears')}</th>
                    <th scope="col">{t('controller.overview.by')}</th>
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
            <p className="muted">{t('controller.overview.noSuspensions')}</p>
          )}
        </>
      ) : null}
    </QueryState>
  );
}
