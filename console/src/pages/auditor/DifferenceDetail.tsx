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
  query AuditorDifferenceTrail($runId: ID!, $ordinal: Int!, $first: Int!, $after: String) {
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
      transactionPage(first: $first, after: $after) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        edges {
          cursor
          node {
            id
            sequence
            kind
            effectiveDate
            recordedAt
            reason
            causeType
            causeId
            hash
            postingCount
            shownPostings {
              line
              direction
              amount
            }
          }
        }
      }
      inputs
    }
  }
`);

/** All postings of one transaction of the trail, read when its row is opened: the page of one after `after`. */
const PostingsQuery = graphql(`
  query AuditorTrailPostings($runId: ID!, $ordinal: Int!, $after: String) {
    reconciliationDifferenceTrail(runId: $runId, ordinal: $ordinal) {
      transactionPage(first: 1, after: $after) {
        edges {
          node {
            id
            postings {
              account
              direction
              amount
            }
          }
        }
      }
    }
  }
`);

/** Transactions per page: a trail may hold thousands (decision 1830). */
const PAGE_SIZE = 100;

type Trail = AuditorDifferenceTrailQuery['reconciliationDifferenceTrail'];
type Transaction = Trail['transactionPage']['edges'][number]['node'];

/** One row per posting the trail shows (on the difference's account; a transaction may post to it more than once). */
interface Row {
  key: string;
  tx: Transaction;
  line: number;
  direction: string;
  amount: string;
  referenced: boolean;
  /** The cursor just before this transaction: its own postings are the page of one after it. */
  before: string | null;
}

function rowsOf(trail: Trail, after: string | null): Row[] {
  const refs = new Set(trail.difference.refs);
  const rows: Row[] = [];
  let before = after;
  for (const { cursor, node: tx } of trail.transactionPage.edges) {
    for (const p of tx.shownPostings) {
      rows.push({
        key: `${tx.id}:${p.line}`,
        tx,
        line: p.line,
        direction: p.direction,
        amount: p.amount,
        referenced: refs.has(tx.id),
        before,
      });
    }
    before = cursor;
  }
  return rows;
}

const column = createColumnHelper<Row>();

/** A difference followed to the ledger transactions on its account and the frozen inputs behind it. */
export function DifferenceDetail() {
  const { t } = useTranslation();
  const { id = '', ordinal = '' } = useParams();
  const valid = /^\d+$/.test(ordinal);
  // Cursors of the pages visited so far (of this difference): the API pages forward; going back
  // re-uses a known cursor.
  const trailKey = `${id}/${ordinal}`;
  const [paging, setPaging] = useState<{ key: string; cursors: (string | null)[] }>({ key: trailKey, cursors: [null] });
  const cursors = paging.key === trailKey ? paging.cursors : [null];
  const setCursors = (next: (c: (string | null)[]) => (string | null)[]) => setPaging({ key: trailKey, cursors: next(cursors) });
  const after = cursors[cursors.length - 1] ?? null;
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: TrailQuery,
    variables: { runId: id, ordinal: Number(ordinal), first: PAGE_SIZE, after },
    pause: !valid,
  });
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const trail = data?.reconciliationDifferenceTrail;
  const run = data?.reconciliationRun;
  const d = trail?.difference;
  const rows = useMemo(() => (trail ? rowsOf(trail, after) : []), [trail, after]);
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
                  ? t('auditor.difference.hidePostings', { count: tx.postingCount })
                  : t('auditor.difference.showPostings', { count: tx.postingCount })}
              </button>
              {expanded ? (
                <div id={`postings-${c.row.original.key}`}>
                  <p className="muted">
                    {t('auditor.difference.recorded', { date: formatDate(tx.recordedAt) })}
                    {tx.causeType ? ` · ${t('auditor.difference.causeOf', { type: tx.causeType, id: tx.causeId ?? '' })}` : ''} ·{' '}
                    {t('auditor.difference.hash')} <Hash value={tx.hash} />
                  </p>
                  <TransactionPostings runId={id} ordinal={Number(ordinal)} before={c.row.original.before} transactionId={tx.id} />
                </div>
              ) : null}
            </>
          );
        },
      }),
    ],
    [open, t, id, ordinal],
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
            {trail.transactionPage.totalCount > PAGE_SIZE ? (
              <nav aria-label={t('auditor.difference.pages')} className="buttons audit-pager">
                <button
                  type="button"
                  className="secondary"
                  disabled={cursors.length === 1 || fetching}
                  onClick={() => setCursors((c) => c.slice(0, -1))}
                >
                  {t('auditor.difference.previousPage')}
                </button>
                <span className="muted" data-testid="trail-page">
                  {t('auditor.difference.pageOf', {
                    page: cursors.length,
                    first: formatCount((cursors.length - 1) * PAGE_SIZE + 1),
                    last: formatCount((cursors.length - 1) * PAGE_SIZE + trail.transactionPage.edges.length),
                    total: formatCount(trail.transactionPage.totalCount),
                  })}
                </span>
                <button
                  type="button"
                  className="secondary"
                  disabled={!trail.transactionPage.pageInfo.hasNextPage || fetching}
                  onClick={() => setCursors((c) => [...c, trail.transactionPage.pageInfo.endCursor ?? null])}
                >
                  {t('auditor.difference.nextPage')}
                </button>
              </nav>
            ) : null}
            <DataTable
              caption={t('auditor.difference.caption', { ordinal: d.ordinal })}
              data={rows}
              columns={columns}
              search={search}
              rowKey={(r) => r.key}
              initialSorting={[{ id: 'sequence', desc: false }]}
              testId="trail-table"
              csvName={`difference-${id}-${d.ordinal}${trail.transactionPage.totalCount > PAGE_SIZE ? `-page-${cursors.length}` : ''}`}
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

function TransactionPostings(props: { runId: string; ordinal: number; before: string | null; transactionId: string }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: PostingsQuery,
    variables: { runId: props.runId, ordinal: props.ordinal, after: props.before },
  });
  const tx = data?.reconciliationDifferenceTrail.transactionPage.edges.find((e) => e.node.id === props.transactionId)?.node;
  return (
    <QueryState fetching={fetching && data === undefined} error={error} retry={() => reexecute({ requestPolicy: 'network-only' })}>
      {tx ? (
        <ul className="audit-postings">
          {tx.postings.map((p, i) => (
            <li key={i}>
              {p.account}: {p.direction === 'DEBIT' ? t('auditor.difference.debitLower') : t('auditor.difference.creditLower')}{' '}
              {formatMoney(p.amount)}
            </li>
          ))}
        </ul>
      ) : null}
    </QueryState>
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
