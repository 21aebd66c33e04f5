import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useClient, type CombinedError } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { AuditorCheckpointCheckQuery } from '../../gql/graphql';
import { ErrorPanel } from '../../components/QueryState';
import './auditor.css';

const CheckQuery = graphql(`
  query AuditorCheckpointCheck($checkpoint: String!) {
    checkJournalAgainstCheckpoint(checkpoint: $checkpoint) {
      ok
      signatureValid
      checkpointSequence
      headSequence
      headHash
      problems
    }
  }
`);

type Check = AuditorCheckpointCheckQuery['checkJournalAgainstCheckpoint'];

/**
 * The auditor pastes or uploads a checkpoint kept outside the engine; the server checks its
 * signature and the whole journal against it and names what is missing or rewritten (decision 1701).
 */
export function CheckpointCheck() {
  const { t } = useTranslation();
  const client = useClient();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Check | null>(null);
  const [error, setError] = useState<CombinedError | null>(null);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) {
      setText(await file.text());
    }
  };
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setResult(null);
    setError(null);
    const answer = await client.query(CheckQuery, { checkpoint: text.trim() }, { requestPolicy: 'network-only' }).toPromise();
    setBusy(false);
    if (answer.error) {
      setError(answer.error);
    } else if (answer.data) {
      setResult(answer.data.checkJournalAgainstCheckpoint);
    }
  };

  return (
    <section aria-labelledby="checkpoint-check">
      <h2 id="checkpoint-check">{t('auditor.checkpoint.title')}</h2>
      <p className="muted">{t('auditor.checkpoint.intro')}</p>
      <form onSubmit={(e) => void onSubmit(e)}>
        <label>
          {t('auditor.checkpoint.label')}
          <textarea data-testid="checkpoint-input" rows={6} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <label>
          {t('auditor.checkpoint.file')}
          <input type="file" accept="application/json,.json" onChange={(e) => void onFile(e)} />
        </label>
        <p>
          <button type="submit" disabled={busy || text.trim() === ''}>
            {busy ? t('auditor.checkpoint.checking') : t('auditor.checkpoint.check')}
          </button>
        </p>
      </form>
      {error ? <ErrorPanel error={error} /> : null}
      {result ? (
        result.ok ? (
          <p role="status" data-testid="checkpoint-ok">
            {t('auditor.checkpoint.ok', { sequence: result.checkpointSequence, head: result.headSequence })}
          </p>
        ) : (
          <div className="alert" role="alert" data-testid="checkpoint-problems">
            <strong>{t('auditor.checkpoint.failed')}</strong>
            <p>
              {t('auditor.checkpoint.signature')}: {result.signatureValid ? t('auditor.checkpoint.valid') : t('auditor.checkpoint.invalid')}
            </p>
            <ul>
              {result.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        )
      ) : null}
    </section>
  );
}
