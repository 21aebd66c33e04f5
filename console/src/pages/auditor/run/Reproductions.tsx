import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../../../components/QueryState';
import { formatDate } from '../../../format';
import { useReproduce, type Reproduction } from './useRun';

/** Reproducing the run from its frozen inputs, and every reproduction so far with its outcome. */
export function Reproductions({ runId, reproductions, onDone }: { runId: string; reproductions: Reproduction[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { fetching, error, reproduce } = useReproduce();
  const [outcome, setOutcome] = useState<string | null>(null);
  async function run() {
    setOutcome(null);
    const result = await reproduce(runId);
    if (result !== null) {
      setOutcome(result.matches ? t('auditor.reproductions.matched') : t('auditor.reproductions.differed'));
      onDone();
    }
  }
  return (
    <section aria-labelledby="run-reproductions">
      <h2 id="run-reproductions">{t('auditor.reproductions.heading')}</h2>
      <p className="muted">{t('auditor.reproductions.intro')}</p>
      <p>
        <button type="button" className="secondary" onClick={() => void run()} disabled={fetching}>
          {fetching ? t('auditor.reproductions.busy') : t('auditor.reproductions.button')}
        </button>
      </p>
      {error ? <ErrorPanel error={error} retry={() => void run()} /> : null}
      {outcome !== null ? (
        <p className="notice" role="status">
          {outcome}
        </p>
      ) : null}
      {reproductions.length === 0 ? (
        <p className="muted">{t('auditor.reproductions.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('auditor.reproductions.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('auditor.reproductions.when')}</th>
                <th scope="col">{t('auditor.reproductions.by')}</th>
                <th scope="col">{t('auditor.reproductions.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {reproductions.map((r) => (
                <tr key={`${r.reproducedAt}-${r.reproducedBy}`}>
                  <td>{formatDate(r.reproducedAt)}</td>
                  <td>{r.reproducedBy}</td>
                  <td>
                    {r.matches ? (
                      <span className="badge ok">{t('auditor.reproductions.match')}</span>
                    ) : (
                      <span className="badge danger">{t('auditor.reproductions.differ')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
