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
    verifyJournalSinceCheckpoint {
      ...AuditorJournalVerification
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

const FullVerifyQuery = graphql(`
  query AuditorVerifyJournalFull {
    verifyJournal {
      ...AuditorJournalVerification
    }
  }
`);

/** What the page shows of a verification, from the checkpoint or from genesis. */
export const JournalVerificationFields = graphql(`
  fragment AuditorJournalVerification on JournalVerification {
    ok
    status
    count
    headHash
    headSequence
    verifiedFrom
    fromCheckpoint {
      sequence
      time
      reason
    }
    brokenAt {
      sequence
      transactionId
      problem
      expected
      actual
    }
  }
`);

const PROBLEMS = ['SEQUENCE_GAP', 'PREV_HASH_MISMATCH', 'HASH_MISMATCH', 'ORPHAN_POSTING'] as const;
const isProblem = (p: string): p is (typeof PROBLEMS)[number] => (PROBLEMS as readonly string[]).includes(p);

/**
 * The journal's hash chain walked by the server: on load from the last signed checkpoint to the
 * head (`verifyJournalSinceCheckpoint`, what was appended since), and from genesis on request
 * (`verifyJournal`, the full verification; decision 1770).
 */
export function JournalVerification() {
  const { t } = useTranslation();
  const [full, setFull] = useState(false);
  const [since, refetchSince] = useQuery({ query: VerifyQuery, requestPolicy: 'network-only' });
  const [whole, refetchWhole] = useQuery({ query: FullVerifyQuery, requestPolicy: 'network-only', pause: !full });
  const current = full ? whole : since;
  const { fetching, error } = current;
  const v = full ? whole.data?.verifyJournal : since.data?.verifyJournalSinceCheckpoint;
  const [checkedAt, setCheckedAt] = useState<string | null>(null);
  useEffect(() => {
    if (current.data !== undefined && !fetching) {
      setCheckedAt(new Date().toISOString());
    }
  }, [current.data, fetching]);
  const latest = since.data?.reconciliationRuns.edges[0]?.node;
  const again = () => {
    if (full) {
      setFull(false);
    }
    refetchSince({ requestPolicy: 'network-only' });
  };
  const fully = () => {
    if (full) {
      refetchWhole({ requestPolicy: 'network-only' });
    } else {
      setFull(true);
    }
  };

  return (
    <>
      <PageTitle title={t('nav.auditor.journal')}>{t('nav.auditor.journal')}</PageTitle>
      <p className="muted">{t('auditor.journal.intro')}</p>
      <p>
        <button type="button" onClick={again} disabled={fetching}>
          {fetching && !full ? t('auditor.journal.busy') : t('auditor.journal.again')}
        </button>{' '}
        <button type="button" onClick={fully} disabled={fetching}>
          {fetching && full ? t('auditor.journal.busy') : t('auditor.journal.full')}
        </button>
      </p>
      {fetching ? (
        <p className="muted" role="status" aria-busy="true">
          {t('auditor.journal.walking')}
        </p>
      ) : null}
      {error ? <ErrorPanel error={error} retry={full ? fully : again} /> : null}
      {v ? (
        <section aria-labelledby="journal-result" aria-busy={fetching}>
          <h2 id="journal-result">{t('auditor.journal.result')}</h2>
          <dl className="audit-facts" data-testid="journal-result">
            <dt>{t('common.status')}</dt>
            <dd data-testid="journal-status">
              <StatusBadge status={v.status} /> {v.ok ? t('auditor.journal.intact') : t('auditor.journal.broken')}
            </dd>
            <dt>{t('auditor.journal.range')}</dt>
            <dd data-testid="journal-range">
              {v.fromCheckpoint
                ? t('auditor.journal.fromCheckpoint', {
                    sequence: v.fromCheckpoint.sequence,
                    date: formatDate(v.fromCheckpoint.time),
                  })
                : t('auditor.journal.fromGenesis')}{' '}
              {t('auditor.journal.toHead', { sequence: v.headSequence ?? '—' })}
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
