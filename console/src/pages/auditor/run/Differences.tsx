import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { createColumnHelper } from '@tanstack/react-table';
import { ErrorPanel, QueryState } from '../../../components/QueryState';
import { DataTable } from '../../../components/DataTable';
import { unreadableMessage } from '../../../components/decimalInput';
import { useUrlParams } from '../../../components/urlState';
import { fieldErrors, graphqlErrors, type ApiError } from '../../../client';
import { compareDecimal, formatCount, parseDecimalInput } from '../../../format';
import { amountIn, KNOWN_CAUSES } from '../common';
import { useDifferences, type Difference } from './useDifferences';

function columnsFor(t: TFunction, runId: string) {
  const column = createColumnHelper<Difference>();
  return [
    column.accessor('ordinal', {
      header: '#',
      meta: { numeric: true },
      cell: (c) => (
        <Link
          to={`/audit/runs/${runId}/differences/${c.getValue()}`}
          aria-label={t('auditor.differences.follow', { ordinal: c.getValue() })}
        >
          {c.getValue()}
        </Link>
      ),
    }),
    column.accessor('check', {
      header: t('auditor.differences.check'),
      cell: (c) => (
        <>
          {c.getValue()}
          <br />
          <span className="muted">{c.row.original.detail}</span>
        </>
      ),
    }),
    column.accessor((d) => d.municipalityCode ?? '', {
      id: 'municipality',
      header: t('common.municipality'),
      cell: (c) => c.getValue() || '—',
    }),
    column.accessor('cause', { header: t('auditor.differences.cause'), cell: (c) => <span className="badge">{c.getValue()}</span> }),
    column.accessor('expected', {
      header: t('common.expected'),
      meta: { numeric: true },
      enableGlobalFilter: false,
      sortingFn: (a, b) => compareDecimal(a.original.expected, b.original.expected),
      cell: (c) => amountIn(c.row.original.unit, c.getValue()),
    }),
    column.accessor('actual', {
      header: t('common.actual'),
      meta: { numeric: true },
      enableGlobalFilter: false,
      sortingFn: (a, b) => compareDecimal(a.original.actual, b.original.actual),
      cell: (c) => amountIn(c.row.original.unit, c.getValue()),
    }),
    column.accessor('difference', {
      header: t('common.difference'),
      meta: { numeric: true },
      enableGlobalFilter: false,
      sortingFn: (a, b) => compareDecimal(a.original.difference, b.original.difference),
      cell: (c) => <strong>{amountIn(c.row.original.unit, c.getValue())}</strong>,
    }),
    column.accessor('unit', { header: t('auditor.differences.unit'), enableGlobalFilter: false }),
  ];
}

/** The run's differences, filtered by cause, size and municipality (kept in the URL) and searchable. */
export function Differences({ runId, byCause }: { runId: string; byCause: Record<string, number> }) {
  const { t } = useTranslation();
  const [params, update] = useUrlParams();
  const cause = params.get('cause') ?? '';
  const minimum = params.get('min') ?? '';
  const municipality = params.get('municipality') ?? '';
  const [minimumText, setMinimumText] = useState(minimum);
  const [municipalityText, setMunicipalityText] = useState(municipality);
  const [localErrors, setLocalErrors] = useState<ApiError[]>([]);
  const [search, setSearch] = useState('');
  const filter = useMemo(
    () => ({
      ...(cause ? { cause } : {}),
      ...(minimum ? { minimumAbsolute: minimum } : {}),
      ...(municipality ? { municipalityCode: municipality } : {}),
    }),
    [cause, minimum, municipality],
  );
  const differences = useDifferences(runId, filter);

  function apply(e: FormEvent) {
    e.preventDefault();
    const errs: ApiError[] = [];
    let min = '';
    if (minimumText.trim() !== '') {
      const parsed = parseDecimalInput(minimumText);
      if (parsed.ok) {
        min = parsed.value;
      } else {
        errs.push({ code: 'BAD_USER_INPUT', field: 'minimumAbsolute', message: unreadableMessage(t, minimumText.trim(), parsed.problem) });
      }
    }
    const code = municipalityText.trim().toUpperCase();
    if (code !== '' && !/^GM\d{4}$/.test(code)) {
      errs.push({ code: 'BAD_USER_INPUT', field: 'municipalityCode', message: t('auditor.differences.codeFormat') });
    }
    setLocalErrors(errs);
    if (errs.length === 0) {
      update({ min, municipality: code });
    }
  }

  const apiErrors = differences.error ? graphqlErrors(differences.error) : [];
  const byField = fieldErrors([...localErrors, ...apiErrors]);
  const atField = (f: string | null) => f !== null && ['minimumAbsolute', 'municipalityCode', 'cause'].includes(f.split('.').pop() ?? '');
  const apiGeneral = differences.error && !apiErrors.every((e) => atField(e.field)) ? differences.error : undefined;
  const causes = Array.from(new Set([...Object.keys(byCause), ...KNOWN_CAUSES]));
  const columns = useMemo(() => columnsFor(t, runId), [t, runId]);
  const filtered = cause !== '' || minimum !== '' || municipality !== '';
  const total = differences.totalCount;

  return (
    <section aria-labelledby="run-differences">
      <h2 id="run-differences">{t('auditor.differences.heading')}</h2>
      <form className="toolbar" aria-label={t('auditor.differences.filterLabel')} onSubmit={apply} noValidate>
        <label>
          {t('auditor.differences.cause')}
          <select value={cause} onChange={(e) => update({ cause: e.target.value })} data-testid="cause-filter">
            <option value="">{t('auditor.differences.allCauses')}</option>
            {causes.map((c) => (
              <option key={c} value={c}>
                {c}
                {byCause[c] !== undefined ? ` (${formatCount(byCause[c])})` : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('auditor.differences.minimum')}
          <input
            inputMode="decimal"
            value={minimumText}
            onChange={(e) => setMinimumText(e.target.value)}
            placeholder={t('auditor.differences.minimumPlaceholder')}
            aria-invalid={byField.minimumAbsolute !== undefined}
            aria-describedby={byField.minimumAbsolute !== undefined ? 'min-error' : undefined}
          />
          {byField.minimumAbsolute !== undefined ? (
            <span id="min-error" className="field-error">
              {byField.minimumAbsolute}
            </span>
          ) : null}
        </label>
        <label>
          {t('common.municipality')}
          <input
            value={municipalityText}
            onChange={(e) => setMunicipalityText(e.target.value)}
            placeholder="GM0363"
            size={8}
            aria-invalid={byField.municipalityCode !== undefined}
            aria-describedby={byField.municipalityCode !== undefined ? 'muni-error' : undefined}
          />
          {byField.municipalityCode !== undefined ? (
            <span id="muni-error" className="field-error">
              {byField.municipalityCode}
            </span>
          ) : null}
        </label>
        <button type="submit">{t('auditor.differences.apply')}</button>
        {filtered ? (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setMinimumText('');
              setMunicipalityText('');
              setLocalErrors([]);
              update({ cause: '', min: '', municipality: '' });
            }}
          >
            {t('auditor.differences.clear')}
          </button>
        ) : null}
        <label>
          {t('auditor.differences.search')}
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
      </form>
      {apiGeneral ? <ErrorPanel error={apiGeneral} retry={differences.retry} /> : null}
      <QueryState fetching={differences.fetching && !differences.loaded}>
        {total !== null ? (
          <>
            {differences.fetching ? (
              <p className="muted" aria-busy="true">
                {t('auditor.differences.updating')}
              </p>
            ) : null}
            <p role="status" data-testid="difference-count">
              {filtered
                ? t('auditor.differences.countFiltered', { count: total, n: formatCount(total) })
                : t('auditor.differences.count', { count: total, n: formatCount(total) })}
            </p>
            <DataTable
              caption={t('auditor.differences.caption')}
              data={differences.nodes}
              columns={columns}
              search={search}
              rowKey={(d) => String(d.ordinal)}
              testId="differences-table"
              csvName={`differences-${runId}`}
              empty={filtered ? t('auditor.differences.noneFiltered') : t('auditor.differences.none')}
            />
            {differences.hasNextPage ? (
              <p>
                <button type="button" className="secondary" onClick={() => void differences.loadMore()}>
                  {t('auditor.differences.more', { shown: formatCount(differences.nodes.length), total: formatCount(total) })}
                </button>
              </p>
            ) : null}
            {differences.moreError.length > 0 ? (
              <p className="alert" role="alert">
                {differences.moreError[0]?.message}
              </p>
            ) : null}
          </>
        ) : null}
      </QueryState>
    </section>
  );
}
