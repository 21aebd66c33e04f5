import { useMemo } from 'react';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ColumnDef } from '@tanstack/react-table';
import { graphql } from '../../gql';
import { QueryState } from '../../components/QueryState';
import { DataTable } from '../../components/DataTable';
import { StatusBadge, useStatusLabel } from '../../components/StatusBadge';
import { SchemeYearPicker, useSchemeYearChoice, type SchemeYear } from '../../components/SchemeYearPicker';
import { settlementSteps, type SettlementLineFigures } from '../../explain';
import { formatDate, formatMoney, signOf } from '../../format';
import { MunicipalityGate } from './MunicipalityGate';

const SettlementsQuery = graphql(`
  query ControllerSettlements($schemeCode: String!, $year: Int!) {
    settlements(schemeCode: $schemeCode, year: $year) {
      id
      status
      createdAt
      finalisedAt
      effectiveDate
      preparedBy
      approvedBy
      recoveryMode
      replacesId
      lines {
        ...ConsoleSettlementLineFigures
      }
    }
  }
`);

type LineRow = SettlementLineFigures;

function lineColumns(t: TFunction, statusLabel: (s: string) => string): ColumnDef<LineRow, string>[] {
  return [
    {
      id: 'municipality',
      header: t('common.municipality'),
      accessorFn: (l) => (l.payeeCode === l.municipalityCode ? l.municipalityCode : `${l.municipalityCode} → ${l.payeeCode}`),
    },
    {
      id: 'countBased',
      header: t('controller.settlements.countBased'),
      accessorFn: (l) => l.countBased,
      cell: (c) => formatMoney(c.getValue()),
      meta: { numeric: true },
    },
    {
      id: 'accepted',
      header: t('controller.settlements.accepted'),
      accessorFn: (l) => l.acceptedSpending ?? '',
      cell: (c) => formatMoney(c.getValue()),
      meta: { numeric: true },
    },
    {
      id: 'final',
      header: t('controller.settlements.final'),
      accessorFn: (l) => l.finalEntitlement ?? '',
      cell: (c) => formatMoney(c.getValue()),
      meta: { numeric: true },
    },
    {
      id: 'paid',
      header: t('controller.settlements.paid'),
      accessorFn: (l) => l.paid,
      cell: (c) => formatMoney(c.getValue()),
      meta: { numeric: true },
    },
    {
      id: 'amount',
      header: t('controller.settlements.amount'),
      accessorFn: (l) => l.amount ?? '',
      cell: (c) => {
        const v = c.getValue();
        if (v === '') {
          return '—';
        }
        const sign = signOf(v);
        return (
          <>
            {formatMoney(v)}
            <br />
            <span className="muted">
              {sign < 0 ? t('controller.settlements.recovery') : sign > 0 ? t('controller.settlements.payment') : ''}
            </span>
          </>
        );
      },
      meta: { numeric: true },
    },
    {
      id: 'status',
      header: t('common.status'),
      accessorFn: (l) => l.status,
      cell: (c) => <StatusBadge status={c.getValue()} />,
      meta: { csv: (l) => statusLabel(l.status) },
    },
  ];
}

/** Settlement drafts and final settlements of a scheme-year, with this municipality's lines explained. */
export function Settlements() {
  const { t } = useTranslation();
  return <MunicipalityGate page={t('nav.controller.settlements')}>{(m) => <SettlementsOf code={m.code} />}</MunicipalityGate>;
}

function SettlementsOf({ code }: { code: string }) {
  const { t } = useTranslation();
  // A settlement needs a DEFINITIVE or CORRECTION run: the latest scheme-year with one is the default.
  const choice = useSchemeYearChoice(({ runs }) => [
    (s) => runs.some((r) => r.schemeCode === s.code && r.year === s.year && (r.stage === 'DEFINITIVE' || r.stage === 'CORRECTION')),
  ]);
  return (
    <QueryState fetching={choice.fetching} error={choice.error} retry={choice.retry}>
      <SchemeYearPicker schemes={choice.schemes} selected={choice.selected} onSelect={choice.select} />
      {choice.selected ? <SettlementList code={code} scheme={choice.selected} /> : <p className="muted">{t('controller.noSchemeYears')}</p>}
    </QueryState>
  );
}

function SettlementList({ code, scheme }: { code: string; scheme: SchemeYear }) {
  const { t } = useTranslation();
  const statusLabel = useStatusLabel();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: SettlementsQuery,
    variables: { schemeCode: scheme.code, year: scheme.year },
  });
  const settlements = data?.settlements ?? [];
  const columns = useMemo(() => lineColumns(t, statusLabel), [t, statusLabel]);
  return (
    <QueryState fetching={fetching} error={error} retry={() => reexecute({ requestPolicy: 'network-only' })}>
      {settlements.length === 0 ? (
        <p className="muted" data-testid="no-settlements">
          {t('controller.settlements.none', { code: scheme.code, year: scheme.year })}
        </p>
      ) : (
        settlements.map((s) => {
          // Only this municipality's own lines (and those it receives as successor) are shown.
          const lines = s.lines.filter((l) => l.municipalityCode === code || l.payeeCode === code);
          const headingId = `settlement-${s.id}`;
          return (
            <section key={s.id} className="card" aria-labelledby={headingId} data-testid={`settlement-${s.status}`}>
              <h2 id={headingId}>
                {t('controller.settlements.heading', { code: scheme.code, year: scheme.year })} <StatusBadge status={s.status} />
              </h2>
              <dl className="ctl-facts">
                <div>
                  <dt>{t('controller.settlements.drafted')}</dt>
                  <dd>{t('controller.settlements.when', { date: formatDate(s.createdAt), who: s.preparedBy })}</dd>
                </div>
                <div>
                  <dt>{t('controller.settlements.finalised')}</dt>
                  <dd>
                    {s.finalisedAt
                      ? t('controller.settlements.when', { date: formatDate(s.finalisedAt), who: s.approvedBy ?? '—' })
                      : t('controller.settlements.notYet')}
                  </dd>
                </div>
                {s.effectiveDate ? (
                  <div>
                    <dt>{t('controller.settlements.effective')}</dt>
                    <dd>{formatDate(s.effectiveDate)}</dd>
                  </div>
                ) : null}
                <div>
                  <dt>{t('controller.settlements.recoveryMode')}</dt>
                  <dd>{s.recoveryMode === 'OFFSET' ? t('controller.settlements.offset') : t('controller.settlements.invoiced')}</dd>
                </div>
              </dl>
              <DataTable
                caption={t('controller.settlements.linesCaption')}
                data={lines}
                columns={columns}
                rowKey={(l) => l.municipalityCode}
                testId={`settlement-lines-${s.id}`}
                csvName={`settlement-${code}-${scheme.code}-${scheme.year}-${s.status.toLowerCase()}`}
              />
              {lines.map((l) => (
                <details key={l.municipalityCode} className="ctl-details" open>
                  <summary>{t('controller.settlements.explanation', { code: l.municipalityCode })}</summary>
                  <ol className="ctl-steps" data-testid={`explanation-${l.municipalityCode}`}>
                    {settlementSteps(t, l).map((e, i) => (
                      <li key={i}>{e}</li>
                    ))}
                  </ol>
                </details>
              ))}
            </section>
          );
        })
      )}
    </QueryState>
  );
}
