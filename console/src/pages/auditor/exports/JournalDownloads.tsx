import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../../auth';
import { download, saveBlob } from '../../../components/download';
import { useSchemeYears } from '../../../components/SchemeYearPicker';
import { formatCount } from '../../../format';

/** The query string of a journal download from its filters (empty ones left out). */
export function journalQuery(filters: { scheme: string; year: string; municipality: string; from: string; to: string }): string {
  const q = new URLSearchParams();
  if (filters.scheme) {
    q.set('scheme', filters.scheme);
  }
  if (filters.year) {
    q.set('year', filters.year);
  }
  if (filters.municipality.trim()) {
    q.set('municipality', filters.municipality.trim().toUpperCase());
  }
  if (filters.from) {
    q.set('from', filters.from);
  }
  if (filters.to) {
    q.set('to', filters.to);
  }
  const qs = q.toString();
  return qs === '' ? '' : `?${qs}`;
}

/** GET /exports/journal.ledger or /exports/journal.csv with optional filters, saved via a Blob. */
export function JournalDownloads() {
  const { t } = useTranslation();
  const { token } = useAuth();
  const [kind, setKind] = useState<'csv' | 'ledger'>('csv');
  const [scheme, setScheme] = useState('');
  const [year, setYear] = useState('');
  const [municipality, setMunicipality] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [yearError, setYearError] = useState<string | null>(null);
  const { schemes } = useSchemeYears();
  const codes = Array.from(new Set(schemes.map((s) => s.code))).sort();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    setFailure(null);
    if (year !== '' && !/^\d{4}$/.test(year)) {
      setYearError(t('auditor.journalDownload.yearFormat'));
      return;
    }
    setYearError(null);
    setBusy(true);
    try {
      const file = await download(
        token,
        `/exports/journal.${kind}${journalQuery({ scheme, year, municipality, from, to })}`,
        `journal.${kind}`,
      );
      const url = URL.createObjectURL(file.blob);
      saveBlob(url, file.fileName);
      // Let the download start before the URL is released.
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setDone(t('auditor.journalDownload.done', { name: file.fileName, bytes: formatCount(file.blob.size) }));
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="export-journal">
      <h2 id="export-journal">{t('auditor.journalDownload.heading')}</h2>
      <p className="muted">{t('auditor.journalDownload.intro')}</p>
      <form className="audit-inline-form" onSubmit={(e) => void submit(e)} noValidate>
        <label>
          {t('auditor.journalDownload.format')}
          <select value={kind} onChange={(e) => setKind(e.target.value === 'ledger' ? 'ledger' : 'csv')}>
            <option value="csv">{t('auditor.journalDownload.csv')}</option>
            <option value="ledger">{t('auditor.journalDownload.ledger')}</option>
          </select>
        </label>
        <label>
          {t('picker.scheme')}
          <select value={scheme} onChange={(e) => setScheme(e.target.value)}>
            <option value="">{t('auditor.runs.all')}</option>
            {codes.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('picker.year')}
          <input
            value={year}
            onChange={(e) => setYear(e.target.value)}
            inputMode="numeric"
            size={6}
            aria-invalid={yearError !== null}
            aria-describedby={yearError !== null ? 'journal-year-error' : undefined}
          />
          {yearError !== null ? (
            <span id="journal-year-error" className="field-error">
              {yearError}
            </span>
          ) : null}
        </label>
        <label>
          {t('common.municipality')}
          <input value={municipality} onChange={(e) => setMunicipality(e.target.value)} placeholder="GM0363" size={8} />
        </label>
        <label>
          {t('auditor.journalDownload.from')}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('auditor.journalDownload.to')}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? t('auditor.journalDownload.busy') : t('auditor.journalDownload.button')}
        </button>
      </form>
      {done !== null ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
      {failure !== null ? (
        <p className="alert" role="alert">
          {failure}
        </p>
      ) : null}
    </section>
  );
}
