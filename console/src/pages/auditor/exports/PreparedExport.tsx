import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatCount, formatDate } from '../../../format';
import { Hash } from '../common';
import { verdict } from './manifest';
import type { Prepared } from './useReconciliationExport';

/** The downloaded export: its manifest, and each listed file checked against the zip in this browser. */
export function PreparedExport({ prepared }: { prepared: Prepared }) {
  const { t } = useTranslation();
  const { manifest, checked, problem } = prepared;
  const { allMatch, hashed } = verdict(prepared);
  return (
    <div data-testid="export-result">
      <p className="notice" role="status">
        {t('auditor.exports.downloaded')} <strong>{prepared.fileName}</strong> (
        {t('auditor.exports.bytes', { n: formatCount(prepared.size) })}
        ).{' '}
        <a href={prepared.url} download={prepared.fileName}>
          {t('auditor.exports.saveAgain')}
        </a>
      </p>
      {problem !== null ? (
        <p className="alert" role="alert">
          {problem.kind === 'missing' ? t('auditor.exports.noManifest') : t('auditor.exports.unreadable', { detail: problem.detail })}
        </p>
      ) : null}
      {manifest ? (
        <>
          <h3>{t('auditor.exports.manifest')}</h3>
          <dl className="audit-facts" data-testid="manifest-facts">
            <dt>{t('auditor.exports.export')}</dt>
            <dd>
              {manifest.exportFormat} · {manifest.format} · <code className="hash">{manifest.exportId}</code>
            </dd>
            <dt>{t('auditor.exports.run')}</dt>
            <dd>
              <Link to={`/audit/runs/${manifest.runId}`}>
                {manifest.schemeCode} {manifest.year}
              </Link>{' '}
              {t('auditor.journal.asOf', { date: formatDate(manifest.asOf) })}
            </dd>
            <dt>{t('auditor.inputHash')}</dt>
            <dd>
              <Hash value={manifest.inputHash} />
            </dd>
            <dt>{t('auditor.outputHash')}</dt>
            <dd>
              <Hash value={manifest.outputHash} />
            </dd>
            <dt>{t('auditor.journalHead')}</dt>
            <dd>
              {manifest.journalHeadSequence ? `${t('auditor.sequence', { sequence: manifest.journalHeadSequence })}, ` : ''}
              <Hash value={manifest.journalHeadHash} />
            </dd>
            <dt>{t('auditor.exports.exported')}</dt>
            <dd>{t('auditor.exports.exportedBy', { date: formatDate(manifest.exportedAt), who: manifest.exportedBy })}</dd>
          </dl>
          <p role="status" data-testid="manifest-check">
            {allMatch ? (hashed ? t('auditor.exports.allMatch') : t('auditor.exports.sizesMatch')) : t('auditor.exports.someDiffer')}
          </p>
          <div className="table-wrap">
            <table data-testid="manifest-table">
              <caption>{t('auditor.exports.filesCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('auditor.exports.file')}</th>
                  <th scope="col" className="num">
                    {t('auditor.exports.rows')}
                  </th>
                  <th scope="col" className="num">
                    {t('auditor.exports.bytesHeader')}
                  </th>
                  <th scope="col">SHA-256</th>
                  <th scope="col">{t('auditor.exports.inZip')}</th>
                </tr>
              </thead>
              <tbody>
                {manifest.files.map((f) => {
                  const c = checked[f.name];
                  const sizeOk = c?.bytes === f.bytes;
                  const hashOk = c?.sha256 === null ? null : c?.sha256 === f.sha256;
                  return (
                    <tr key={f.name} data-testid={`manifest-file-${f.name}`}>
                      <th scope="row">{f.name}</th>
                      <td className="num">{formatCount(f.rows)}</td>
                      <td className="num">{formatCount(f.bytes)}</td>
                      <td>
                        <Hash value={f.sha256} />
                      </td>
                      <td>
                        {c === undefined || c.bytes === null ? (
                          <span className="badge danger">{t('auditor.exports.missing')}</span>
                        ) : sizeOk && hashOk !== false ? (
                          <span className="badge ok" data-match="true">
                            {hashOk === null ? t('auditor.exports.sizeMatches') : t('auditor.exports.matches')}
                          </span>
                        ) : (
                          <span className="badge danger">{t('auditor.exports.differs')}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}
