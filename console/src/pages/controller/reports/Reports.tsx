import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ColumnDef } from '@tanstack/react-table';
import { QueryState } from '../../../components/QueryState';
import { DataTable } from '../../../components/DataTable';
import { StatusBadge, useStatusLabel } from '../../../components/StatusBadge';
import { SchemeYearPicker, useSchemeYearChoice } from '../../../components/SchemeYearPicker';
import { formatDate, formatMoney } from '../../../format';
import { MunicipalityGate } from '../MunicipalityGate';
import { ReportPanel } from './ReportPanel';
import { Timeliness } from './Timeliness';
import { useReports, type Report } from './useReports';

function reportColumns(t: TFunction, statusLabel: (s: string) => string): ColumnDef<Report, string>[] {
  return [
    { id: 'scheme', header: t('controller.reports.schemeYear'), accessorFn: (r) => `${r.schemeCode} ${r.year}` },
    { id: 'version', header: t('common.version'), accessorFn: (r) => String(r.version), meta: { numeric: true } },
    {
      id: 'status',
      header: t('common.status'),
      accessorFn: (r) => r.status,
      cell: (c) => <StatusBadge status={c.getValue()} />,
      meta: { csv: (r) => statusLabel(r.status) },
    },
    { id: 'deadline', header: t('controller.reports.deadline'), accessorFn: (r) => r.deadline, cell: (c) => formatDate(c.getValue()) },
    {
      id: 'submitted',
      header: t('controller.reports.submitted'),
      accessorFn: (r) => r.submittedAt ?? '',
      cell: (c) => <Timeliness report={c.row.original} />,
    },
    {
      id: 'spending',
      header: t('controller.reports.spending'),
      accessorFn: (r) => r.eligibleSpending,
      cell: (c) => formatMoney(c.getValue()),
      meta: { numeric: true },
    },
    {
      id: 'differences',
      header: t('controller.reports.differences'),
      accessorFn: (r) => String(r.differences.filter((d) => d.beyondTolerance).length),
      meta: { numeric: true },
    },
    {
      id: 'decision',
      header: t('controller.reports.decision'),
      accessorFn: (r) => r.decisionReason ?? '',
      cell: (c) => c.getValue() || '—',
      enableSorting: false,
    },
  ];
}

/** The municipality's accountability reports, and a form to draft, correct and submit one. */
export function Reports() {
  const { t } = useTranslation();
  return <MunicipalityGate page={t('nav.controller.reports')}>{(m) => <ReportsOf code={m.code} />}</MunicipalityGate>;
}

function ReportsOf({ code }: { code: string }) {
  const { t } = useTranslation();
  const statusLabel = useStatusLabel();
  const { reports, total, fetching, error, refetch } = useReports(code);
  // By default the latest scheme-year the municipality has reported on, else the latest open one.
  const choice = useSchemeYearChoice(() => [
    (s) => (reports ?? []).some((r) => r.schemeCode === s.code && r.year === s.year),
    (s) => s.status === 'OPEN',
  ]);
  const [notice, setNotice] = useState<string | null>(null);
  const all = reports ?? [];
  const selected = choice.selected;
  const latest = all.find((r) => selected !== null && r.schemeCode === selected.code && r.year === selected.year) ?? null;
  const columns = useMemo(() => reportColumns(t, statusLabel), [t, statusLabel]);
  return (
    <QueryState fetching={(fetching && reports === undefined) || choice.fetching} error={error ?? choice.error} retry={refetch}>
      <DataTable
        caption={t('controller.reports.allVersions')}
        data={all}
        columns={columns}
        rowKey={(r) => r.id}
        testId="reports"
        csvName={`reports-${code}`}
        initialSorting={[]}
        empty={t('controller.reports.none')}
      />
      {total > all.length ? <p className="muted">{t('controller.reports.firstOf', { shown: all.length, total })}</p> : null}
      <section className="card" aria-labelledby="report-form-heading">
        <h2 id="report-form-heading">{t('controller.reports.formHeading')}</h2>
        <SchemeYearPicker
          schemes={choice.schemes}
          selected={selected}
          onSelect={(s) => {
            setNotice(null);
            choice.select(s);
          }}
        />
        {notice !== null ? (
          <p className="notice" role="status" data-testid="report-notice">
            {notice}
          </p>
        ) : null}
        {selected ? (
          <ReportPanel
            key={`${selected.id}-${latest?.id ?? 'none'}-${latest?.status ?? ''}`}
            code={code}
            scheme={selected}
            latest={latest}
            onSaved={(message) => {
              setNotice(message);
              refetch();
            }}
          />
        ) : null}
      </section>
    </QueryState>
  );
}
