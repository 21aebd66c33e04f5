import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { createColumnHelper } from '@tanstack/react-table';
import { graphql } from '../../gql';
import type { AuditorDifferenceTrailQuery } from '../../gql/graphql';
import { PageTitle } from '../../components/Layout';
import { QueryState } from '../../components/QueryState';
import { DataTable } from '../../components/DataTable';
import { compareDecimal, formatDate, formatMoney } from '../../format';
import { Hash } from './common';
import { amountIn } from './RunDetail';
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
        ordinal
        check
        municipalityCode
        account
        unit
        expected
        actual
        difference
        direction
        cause
        detail
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
  const { id = '', ordinal = '' } = useParams();
  const valid = /^\d+$/.test(ordinal);
  const [{ data, fetching, error }] = useQuery({ query: TrailQuery, variables: { runId: id, ordinal: Number(ordinal) }, pause: !valid });
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const trail = data?.reconciliationDifferenceTrail;
  const run = data?.reconciliationRun;
  const d = trail?.difference;
  const rows = useMemo(() => (trail ? rowsOf(trail) : []), [trail]);
  const title = `Difference ${ordinal}`;

  const columns = useMemo(
    () => [
      column.accessor((r) => Number(r.tx.sequence), {
        id: 'sequence',
        header: 'Seq.',
        meta: { numeric: true },
        cell: (c) => c.row.original.tx.sequence,
      }),
      column.accessor((r) => r.tx.effectiveDate, {
        id: 'date',
        header: 'Effective',
        cell: (c) => <span className="nowrap">{formatDate(c.getValue())}</span>,
      }),
      column.accessor((r) => r.tx.kind, {
        id: 'kind',
        header: 'Kind',
        cell: (c) => (
          <>
            {c.getValue()}
            {c.row.original.referenced ? (
              <>
                {' '}
                <span className="badge warn" title="Named by the difference as a cause">
                  referenced
                </span>
              </>
            ) : null}
          </>
        ),
      }),
      column.accessor((r) => r.tx.reason, { id: 'reason', header: 'Reason' }),
      column.accessor((r) => (r.direction === 'DEBIT' ? r.amount : null), {
        id: 'debit',
        header: 'Debit',
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
        header: 'Credit',
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
        header: 'Transaction',
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
                {expanded ? 'Hide' : 'Show'} all {tx.postings.length} posting{tx.postings.length === 1 ? '' : 's'}
              </button>
              {expanded ? (
                <div id={`postings-${c.row.original.key}`}>
                  <p className="muted">
                    Recorded {formatDate(tx.recordedAt)}
                    {tx.causeType ? ` · cause ${tx.causeType} ${tx.causeId ?? ''}` : ''} · hash <Hash value={tx.hash} />
                  </p>
                  <ul className="audit-postings">
                    {tx.postings.map((p, i) => (
                      <li key={i}>
                        {p.account}: {p.direction === 'DEBIT' ? 'debit' : 'credit'} {formatMoney(p.amount)}
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
    [open],
  );

  return (
    <>
      <p>
        <Link to={`/audit/runs/${id}`}>← Back to the run{run ? ` (${run.schemeCode} ${run.year})` : ''}</Link>
      </p>
      <PageTitle title={title}>{title}</PageTitle>
      {!valid ? (
        <p className="alert" role="alert">
          “{ordinal}” is not a difference number.
        </p>
      ) : null}
      <QueryState fetching={fetching && data === undefined} error={error}>
        {d && trail ? (
          <>
            <dl className="audit-facts" data-testid="difference-facts">
              <dt>Check</dt>
              <dd>{d.check}</dd>
              <dt>Cause</dt>
              <dd>
                <span className="badge">{d.cause}</span>
              </dd>
              <dt>Municipality</dt>
              <dd>{d.municipalityCode ?? 'run-wide'}</dd>
              <dt>Account</dt>
              <dd>{d.account ? <code className="hash">{d.account}</code> : '—'}</dd>
              <dt>Expected</dt>
              <dd>{amountIn(d.unit, d.expected)}</dd>
              <dt>Actual</dt>
              <dd>{amountIn(d.unit, d.actual)}</dd>
              <dt>Difference</dt>
              <dd>
                <strong data-testid="difference-amount">{amountIn(d.unit, d.difference)}</strong> (
                {d.direction === 'ACTUAL_HIGHER' ? 'actual higher' : 'actual lower'}
                {d.unit === 'COUNT' ? ', persons' : ''})
              </dd>
              <dt>Detail</dt>
              <dd>{d.detail}</dd>
              <dt>Behind it</dt>
              <dd>
                {d.refs.length === 0 ? (
                  <span className="muted">no references</span>
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
                  <dt>Ledger as of</dt>
                  <dd>{formatDate(run.asOf)}</dd>
                </>
              ) : null}
            </dl>

            <h2>Ledger transactions</h2>
            <p className="muted">
              {d.account
                ? 'Every transaction on this account recorded by the run’s moment; the debit or credit is this account’s posting (its net balance is Σ debit − Σ credit).'
                : 'This difference is run-wide; the transactions behind it are listed with their first posting.'}
            </p>
            <div className="toolbar">
              <label>
                Search transactions
                <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
              </label>
            </div>
            <DataTable
              caption={`Ledger transactions behind difference ${d.ordinal}`}
              data={rows}
              columns={columns}
              search={search}
              rowKey={(r) => r.key}
              initialSorting={[{ id: 'sequence', desc: false }]}
              testId="trail-table"
              empty="No ledger transactions touch this difference."
            />

            <h2>Frozen inputs behind it</h2>
            {trail.inputs.length === 0 ? (
              <p className="muted">No input fragments.</p>
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
  let pretty = text;
  let label = `Input ${index + 1}`;
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
