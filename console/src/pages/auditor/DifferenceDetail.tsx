import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { createColumnHelper } from '@tanstack/react-table';
import { graphql } from '../../gql';
import type { AuditorDifferenceTrailQuery } from '../../gql/graphql';
import { PageTitle } from '../../components/Layout';
import { QueryState } from '../../components/QueryState';
import { DataTable } from '../../components/DataTable';
import { compareDecimal, formatCount, formatDate, formatMoney } from '../../format';
import { amountIn, Hash } from './common';
import './auditor.css';

const TrailQuery = graphql(`
  query AuditorDifferenceTrail($runId: ID!, $ordinal: Int!) {
    reconciliationRun(id: $runId) {
      id
      schemeCode
      year
      asOf
    }
    reconciliationDifferenceTrail(runId: $runId, ordinal: $ordinal) {
      difference {
        ...AuditorDifference
        refs
      }
      transactions {
        id
        sequence
        kind
        effectiveDate
        recordedAt
        reason
        causeType
        causeId
        hash
        postings {
          account
          direction
          amount
        }
      }
      inputs
    }
  }
`);

type Trail = AuditorDifferenceTrailQuery['reconciliationDifferenceTrail'];
type Transaction = Trail['transactions'][number];

/** One row per posting on the difference's account (a transaction may post to it more than once). */
interface Row {
  key: string;
  tx: Transaction;
  line: number;
  direction: string;
  amount: string;
  referenced: boolean;
}

function rowsOf(trail: Trail): Row[] {
  const account = trail.difference.account;
  const refs = new Set(trail.difference.refs);
  const rows: Row[] = [];
  for (const tx of trail.transactions) {
    const on = tx.postings
      .map((p, i) => ({ p, line: i + 1 }))
      .filter(({ p }) => account === null || account === undefined || p.account === account);
    // Run-wide differences (no account): one row per transaction, showing its first posting.
    const shown = on.length > 0 ? on : tx.postings.slice(0, 1).map((p) => ({ p, line: 1 }));
    for (const { p, line } of shown) {
      rows.push({ key: `${tx.id}:${line}`, tx, line, direction: p.direction, amount: p.amount, referenced: refs.has(tx.id) });
    }
  }
  return rows;
}

const column = createColumnHelper<Row>();

/** A difference followed to the ledger transactions on its account and the frozen inputs behind it. */
export function DifferenceDetail() {
  const { t } = useTranslation();
  const { id = '', ordinal = '' } = useParams();
  const valid = /^\d+$/.test(ordinal);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: TrailQuery,
    variables: { runId: id, ordinal: Number(ordinal) },
    pause: !valid,
  });
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const trail = data?.reconciliationDifferenceTrail;
  const run = data?.reconciliationRun;
  const d = trail?.difference;
  const rows = useMemo(() => (trail ? rowsOf(trail) : []), [trail]);
  const title = t('auditor.difference.title', { ordinal });

  const columns = useMemo(
    () => [
      column.accessor((r) => Number(r.tx.sequence), {
        id: 'sequence',
        header: t('auditor.difference.seq'),
        meta: { numeric: true },
        cell: (c) => c.row.original.tx.sequence,
      }),
      column.accessor((r) => r.tx.effectiveDate, {
        id: 'date',
        header: t('auditor.difference.effective'),
        cell: (c) => <span className="nowrap">{formatDate(c.getValue())}</span>,
      }),
      column.accessor((r) => r.tx.kind, {
        id: 'kind',
        header: t('auditor.difference.kind'),
        cell: (c) => (
          <>
            {c.getValue()}
            {c.row.original.referenced ? (
              <>
                {' '}
                <span className="badge warn" title={t('auditor.difference.referencedTitle')}>
                  {t('auditor.difference.referenced')}
                </span>
              </>
            ) : null}
          </>
        ),
      }),
      column.accessor((r) => r.tx.reason, { id: 'reason', header: t('auditor.difference.reason') }),
      column.accessor((r) => (r.direction === 'DEBIT' ? r.amount : null), {
        id: 'debit',
        header: t('auditor.difference.debit'),
        meta: { numeric: true },
        enableGlobalFilter: false,
        sortingFn: (a, b) =>
          compareDecimal(
            a.original.direction === 'DEBIT' ? a.original.amount : '0',
            b.original.direction === 'DEBIT' ? b.original.amount : '0',
          ),
        cell: (c) => (c.getValue() === null ? '' : <span data-testid="trail-amount">{formatMoney(c.getValue())}</span>),
      }),
      column.accessor((r) => (r.direction === 'CREDIT' ? r.amount : null), {
        id: 'credit',
        header: t('auditor.difference.credit'),
        meta: { numeric: true },
        enableGlobalFilter: false,
        sortingFn: (a, b) =>
          compareDecimal(
            a.original.direction === 'CREDIT' ? a.original.amount : '0',
            b.original.direction === 'CREDIT' ? b.original.amount : '0',
          ),
        cell: (c) => (c.getValue() === null ? '' : <span data-testid="trail-amount">{formatMoney(c.getValue())}</span>),
      }),
      column.accessor((r) => r.tx.id, {
        id: 'transaction',
        header: t('auditor.difference.transaction'),
        enableSorting: false,
        cell: (c) => {
          const tx = c.row.original.tx;
          const expanded = open === c.row.original.key;
          return (
            <>
              <code className="hash" data-testid="trail-transaction">
                {tx.id}
              </code>
              <br />
              <button
                type="button"
                className="link"
                aria-expanded={expanded}
                aria-controls={`postings-${c.row.original.key}`}
                onClick={() => setOpen(expanded ? null : c.row.original.key)}
              >
                {expanded
                  ? t('auditor.difference.hidePostings', { count: tx.postings.length })
                  : t('auditor.difference.showPostings', { count: tx.postings.length })}
              </button>
              {expanded ? (
                <div id={`postings-${c.row.original.key}`}>
                  <p className="muted">
                    {t('auditor.difference.recorded', { date: formatDate(tx.recordedAt) })}
                    {tx.causeType ? ` · ${t('auditor.difference.causeOf', { type: tx.causeType, id: tx.causeId ?? '' })}` : ''} ·{' '}
                    {t('auditor.difference.hash')} <Hash value={tx.hash} />
                  </p>
                  <ul className="audit-postings">
                    {tx.postings.map((p, i) => (
                      <li key={i}>
                        {p.account}: {p.direction === 'DEBIT' ? t('auditor.difference.debitLower') : t('auditor.difference.creditLower')}{' '}
                        {formatMoney(p.amount)}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </>
          );
        },
      }),
    ],
    [open, t],
  );

  return (
    <>
      <p>
        <Link to={`/audit/runs/${id}`}>
          ← {t('auditor.difference.back')}
          {run ? ` (${run.schemeCode} ${run.year})` : ''}
        </Link>
      </p>
      <PageTitle title={title}>{title}</PageTitle>
      {!valid ? (
        <p className="alert" role="alert">
          {t('auditor.difference.invalid', { ordinal })}
        </p>
      ) : null}
      <QueryState fetching={fetching && data === undefined} error={error} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {d && trail ? (
          <>
            <dl className="audit-facts" data-testid="difference-facts">
              <dt>{t('auditor.differences.check')}</dt>
              <dd>{d.check}</dd>
              <dt>{t('auditor.differences.cause')}</dt>
              <dd>
                <span className="badge">{d.cause}</span>
              </dd>
              <dt>{t('common.municipality')}</dt>
              <dd>{d.municipalityCode ?? t('auditor.difference.runWide')}</dd>
              <dt>{t('auditor.difference.account')}</dt>
              <dd>{d.account ? <code className="hash">{d.account}</code> : '—'}</dd>
              <dt>{t('common.expected')}</dt>
              <dd>{amountIn(d.unit, d.expected)}</dd>
              <dt>{t('common.actual')}</dt>
              <dd>{amountIn(d.unit, d.actual)}</dd>
              <dt>{t('common.difference')}</dt>
              <dd>
                <strong data-testid="difference-amount">{amountIn(d.unit, d.difference)}</strong> (
                {d.direction === 'ACTUAL_HIGHER' ? t('auditor.difference.actualHigher') : t('auditor.difference.actualLower')}
                {d.unit === 'COUNT' ? `, ${t('auditor.difference.persons')}` : ''})
              </dd>
              <dt>{t('auditor.difference.detail')}</dt>
              <dd>{d.detail}</dd>
              <dt>{t('auditor.difference.behind')}</dt>
              <dd>
                {d.refs.length === 0 ? (
                  <span className="muted">{t('auditor.difference.noRefs')}</span>
                ) : (
                  d.refs.map((r) => (
                    <code key={r} className="hash" data-testid="difference-ref">
                      {r}{' '}
                    </code>
                  ))
                )}
              </dd>
              {run ? (
                <>
                  <dt>{t('auditor.difference.ledgerAsOf')}</dt>
                  <dd>{formatDate(run.asOf)}</dd>
                </>
              ) : null}
            </dl>

            <h2>{t('auditor.difference.transactions')}</h2>
            <p className="muted">{d.account ? t('auditor.difference.onAccount') : t('auditor.difference.runWideNote')}</p>
            <div className="toolbar">
              <label>
                {t('auditor.difference.search')}
                <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
              </label>
            </div>
            <DataTable
              caption={t('auditor.difference.caption', { ordinal: d.ordinal })}
              data={rows}
              columns={columns}
              search={search}
              rowKey={(r) => r.key}
              initialSorting={[{ id: 'sequence', desc: false }]}
              testId="trail-table"
              csvName={`difference-${id}-${d.ordinal}`}
              empty={t('auditor.difference.noTransactions')}
            />

            <h2>{t('auditor.difference.inputs')}</h2>
            {trail.inputs.length === 0 ? (
              <p className="muted">{t('auditor.difference.noInputs')}</p>
            ) : (
              trail.inputs.map((text, i) => <InputFragment key={i} index={i} text={text} />)
            )}
          </>
        ) : null}
      </QueryState>
    </>
  );
}

function InputFragment({ index, text }: { index: number; text: string }) {
  const { t } = useTranslation();
  let pretty = text;
  let label = t('auditor.difference.input', { n: formatCount(index + 1) });
  try {
    const value = JSON.parse(text) as unknown;
    pretty = JSON.stringify(value, null, 2);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      label = Object.keys(value).join(', ');
    }
  } catch {
    // shown as sent
  }
  return (
    <details className="card">
      <summary>{label}</summary>
      <pre className="audit-json">{pretty}</pre>
    </details>
  );
}
