import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { PageTitle } from '../../components/Layout';
import { ErrorPanel } from '../../components/QueryState';
import { formatCount, formatDate } from '../../format';
import { Hash, StatusBadge } from './common';
import './auditor.css';

const VerifyQuery = graphql(`
  query AuditorVerifyJournal {
    verifyJournal {
      ok
      status
      count
      headHash
      brokenAt {
        sequence
        transactionId
        problem
        expected
        actual
      }
    }
    reconciliationRuns(first: 1, filter: { status: "SUCCEEDED" }) {
      edges {
        node {
          id
          schemeCode
          year
          asOf
          journalHeadSequence
          journalHeadHash
        }
      }
    }
  }
`);

const PROBLEM: Record<string, string> = {
  SEQUENCE_GAP: 'a transaction is missing from the sequence',
  PREV_HASH_MISMATCH: 'a transaction does not point to the hash of the one before it',
  HASH_MISMATCH: 'a transaction’s content no longer matches its hash (it was changed after it was recorded)',
};

/** The journal's hash chain walked by the server (`verifyJournal`), with its head hash; re-run on demand. */
export function JournalVerification() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: VerifyQuery, requestPolicy: 'network-only' });
  const [checkedAt, setCheckedAt] = useState<string | null>(null);
  const v = data?.verifyJournal;
  useEffect(() => {
    if (data !== undefined && !fetching) {
      setCheckedAt(new Date().toISOString());
    }
  }, [data, fetching]);
  const latest = data?.reconciliationRuns.edges[0]?.node;

  return (
    <>
      <PageTitle title="Journal verification">Journal verification</PageTitle>
      <p className="muted">
        Every journal transaction carries the SHA-256 of its content and of the transaction before it. Verifying walks the whole chain and
        reports the head hash, or the first broken link.
      </p>
      <p>
        <button type="button" onClick={() => refetch({ requestPolicy: 'network-only' })} disabled={fetching}>
          {fetching ? 'Verifying…' : 'Verify again'}
        </button>
      </p>
      {fetching ? (
        <p className="muted" role="status" aria-busy="true">
          Walking the hash chain…
        </p>
      ) : null}
      {error ? <ErrorPanel error={error} /> : null}
      {v ? (
        <section aria-labelledby="journal-result" aria-busy={fetching}>
          <h2 id="journal-result">Result</h2>
          <dl className="audit-facts" data-testid="journal-result">
            <dt>Status</dt>
            <dd data-testid="journal-status">
              <StatusBadge status={v.status} /> {v.ok ? 'the chain is intact' : 'the chain is broken'}
            </dd>
            <dt>Transactions checked</dt>
            <dd data-testid="journal-count">{formatCount(v.count)}</dd>
            <dt>Head hash</dt>
            <dd data-testid="journal-head">
              <Hash value={v.headHash} />
            </dd>
            <dt>Checked</dt>
            <dd>{formatDate(checkedAt)}</dd>
          </dl>
          {v.brokenAt ? (
            <div className="alert" role="alert" data-testid="journal-break">
              <strong>
                First broken link at sequence {v.brokenAt.sequence}: {PROBLEM[v.brokenAt.problem] ?? v.brokenAt.problem}
              </strong>
              <dl className="audit-facts">
                <dt>Transaction</dt>
                <dd>
                  <Hash value={v.brokenAt.transactionId} />
                </dd>
                <dt>Expected</dt>
                <dd>
                  <Hash value={v.brokenAt.expected} />
                </dd>
                <dt>Found</dt>
                <dd>
                  <Hash value={v.brokenAt.actual} />
                </dd>
              </dl>
            </div>
          ) : null}
          {latest ? (
            <p className="muted">
              The latest reconciliation (<Link to={`/audit/runs/${latest.id}`}>{`${latest.schemeCode} ${latest.year}`}</Link>, as of{' '}
              {formatDate(latest.asOf)}) froze the journal at sequence {latest.journalHeadSequence ?? '—'}, head{' '}
              <Hash value={latest.journalHeadHash} />
              {latest.journalHeadHash === v.headHash ? ' — the same head as now.' : ' — transactions have been recorded since.'}
            </p>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
