import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { PageTitle } from '../../components/Layout';
import { ErrorPanel } from '../../components/QueryState';
import { StatusBadge } from '../../components/StatusBadge';
import { formatCount, formatDate } from '../../format';
import { Hash } from './common';
import { CheckpointCheck } from './CheckpointCheck';
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

const PROBLEMS = ['SEQUENCE_GAP', 'PREV_HASH_MISMATCH', 'HASH_MISMATCH'] as const;
const isProblem = (p: string): p is (typeof PROBLEMS)[number] => (PROBLEMS as readonly string[]).includes(p);

/** The journal's hash chain walked by the server (`verifyJournal`), with its head hash; re-run on demand. */
export function JournalVerification() {
  const { t } = useTranslation();
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
      <PageTitle title={t('nav.auditor.journal')}>{t('nav.auditor.journal')}</PageTitle>
      <p className="muted">{t('auditor.journal.intro')}</p>
      <p>
        <button type="button" onClick={() => refetch({ requestPolicy: 'network-only' })} disabled={fetching}>
          {fetching ? t('auditor.journal.busy') : t('auditor.journal.again')}
        </button>
      </p>
      {fetching ? (
        <p className="muted" role="status" aria-busy="true">
          {t('auditor.journal.walking')}
        </p>
      ) : null}
      {error ? <ErrorPanel error={error} retry={() => refetch({ requestPolicy: 'network-only' })} /> : null}
      {v ? (
        <section aria-labelledby="journal-result" aria-busy={fetching}>
          <h2 id="journal-result">{t('auditor.journal.result')}</h2>
          <dl className="audit-facts" data-testid="journal-result">
            <dt>{t('common.status')}</dt>
            <dd data-testid="journal-status">
              <StatusBadge status={v.status} /> {v.ok ? t('auditor.journal.intact') : t('auditor.journal.broken')}
            </dd>
            <dt>{t('auditor.journal.checkedCount')}</dt>
            <dd data-testid="journal-count">{formatCount(v.count)}</dd>
            <dt>{t('auditor.journal.head')}</dt>
            <dd data-testid="journal-head">
              <Hash value={v.headHash} />
            </dd>
            <dt>{t('auditor.journal.checkedAt')}</dt>
            <dd>{formatDate(checkedAt)}</dd>
          </dl>
          {v.brokenAt ? (
            <div className="alert" role="alert" data-testid="journal-break">
              <strong>
                {t('auditor.journal.firstBreak', {
                  sequence: v.brokenAt.sequence,
                  problem: isProblem(v.brokenAt.problem) ? t(`auditor.journal.problem.${v.brokenAt.problem}`) : v.brokenAt.problem,
                })}
              </strong>
              <dl className="audit-facts">
                <dt>{t('auditor.difference.transaction')}</dt>
                <dd>
                  <Hash value={v.brokenAt.transactionId} />
                </dd>
                <dt>{t('common.expected')}</dt>
                <dd>
                  <Hash value={v.brokenAt.expected} />
                </dd>
                <dt>{t('auditor.journal.found')}</dt>
                <dd>
                  <Hash value={v.brokenAt.actual} />
                </dd>
              </dl>
            </div>
          ) : null}
          {latest ? (
            <p className="muted">
              {t('auditor.journal.latestRun')} (<Link to={`/audit/runs/${latest.id}`}>{`${latest.schemeCode} ${latest.year}`}</Link>,{' '}
              {t('auditor.journal.asOf', { date: formatDate(latest.asOf) })}){' '}
              {t('auditor.journal.froze', { sequence: latest.journalHeadSequence ?? '—' })} <Hash value={latest.journalHeadHash} />
              {latest.journalHeadHash === v.headHash ? ` — ${t('auditor.journal.sameHead')}` : ` — ${t('auditor.journal.since')}`}
            </p>
          ) : null}
        </section>
      ) : null}
      <CheckpointCheck />
    </>
  );
}
