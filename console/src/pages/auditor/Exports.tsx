import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { ReconciliationExportFormat } from '../../gql/graphql';
import { useAuth } from '../../auth';
import { PageTitle } from '../../components/Layout';
import { QueryState } from '../../components/QueryState';
import { formatCount, formatDate } from '../../format';
import { Hash } from './common';
import { download, saveBlob } from './download';
import { readZip, sha256Hex } from './zip';
import './auditor.css';

const RunsQuery = graphql(`
  query AuditorExportableRuns {
    reconciliationRuns(first: 200, filter: { status: "SUCCEEDED" }) {
      edges {
        node {
          id
          schemeCode
          year
          asOf
          differenceCount
          createdAt
        }
      }
    }
  }
`);

const ExportMutation = graphql(`
  mutation AuditorExportReconciliation($runId: ID!, $format: ReconciliationExportFormat!) {
    exportReconciliation(runId: $runId, format: $format) {
      id
      runId
      format
      downloadPath
      exportedAt
      exportedBy
    }
  }
`);

const FORMATS: { value: ReconciliationExportFormat; label: string }[] = [
  { value: 'CSV', label: 'CSV (comma, decimal point)' },
  { value: 'CSV_NL', label: 'CSV for Dutch Excel (semicolon, decimal comma)' },
  { value: 'XLSX', label: 'Excel workbook (XLSX)' },
  { value: 'JSON', label: 'JSON' },
];

interface ManifestFile {
  name: string;
  rows: number;
  bytes: number;
  sha256: string;
}
interface Manifest {
  format: string;
  exportFormat: string;
  exportId: string;
  runId: string;
  schemeCode: string;
  year: number;
  asOf: string;
  inputHash: string;
  outputHash: string;
  journalHeadHash: string | null;
  journalHeadSequence: string | null;
  exportedBy: string;
  exportedAt: string;
  files: ManifestFile[];
}
/** Each listed file as found in the zip: its size and SHA-256 (null when the browser cannot hash). */
interface Checked {
  bytes: number | null;
  sha256: string | null;
}

interface Prepared {
  url: string;
  fileName: string;
  size: number;
  manifest: Manifest | null;
  checked: Record<string, Checked>;
  manifestError: string | null;
}

/** Reads manifest.json from the zip and checks every listed file's size and SHA-256 against it. */
async function inspect(blob: Blob): Promise<Pick<Prepared, 'manifest' | 'checked' | 'manifestError'>> {
  try {
    const entries = await readZip(await blob.arrayBuffer());
    const manifestEntry = entries.find((e) => e.name === 'manifest.json');
    if (!manifestEntry) {
      return { manifest: null, checked: {}, manifestError: 'The zip holds no manifest.json.' };
    }
    const manifest = JSON.parse(new TextDecoder().decode(manifestEntry.data)) as Manifest;
    const checked: Record<string, Checked> = {};
    for (const f of manifest.files) {
      const entry = entries.find((e) => e.name === f.name);
      checked[f.name] = entry ? { bytes: entry.data.byteLength, sha256: await sha256Hex(entry.data) } : { bytes: null, sha256: null };
    }
    return { manifest, checked, manifestError: null };
  } catch (error) {
    return { manifest: null, checked: {}, manifestError: error instanceof Error ? error.message : String(error) };
  }
}

/** Reconciliation exports (zip with a manifest) and the journal downloads, fetched with the token. */
export function Exports() {
  const [params, setParams] = useSearchParams();
  const [{ data, fetching, error }] = useQuery({ query: RunsQuery });
  const runs = data?.reconciliationRuns.edges.map((e) => e.node) ?? [];
  const runId = params.get('run') ?? runs[0]?.id ?? '';
  const [format, setFormat] = useState<ReconciliationExportFormat>('CSV');
  const [{ fetching: exporting }, exportRun] = useMutation(ExportMutation);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [prepared, setPrepared] = useState<Prepared | null>(null);
  const { token } = useAuth();

  // The object URL lives as long as it is shown.
  useEffect(() => {
    return () => {
      if (prepared) {
        URL.revokeObjectURL(prepared.url);
      }
    };
  }, [prepared]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setPrepared(null);
    if (runId === '') {
      setFailure('Choose a finished reconciliation run first.');
      return;
    }
    const result = await exportRun({ runId, format });
    if (result.error || !result.data) {
      setFailure(result.error ? (result.error.graphQLErrors[0]?.message ?? result.error.message) : 'The export was not recorded.');
      return;
    }
    const exp = result.data.exportReconciliation;
    setBusy(true);
    try {
      const file = await download(token, exp.downloadPath, `reconciliation-${exp.id}.zip`);
      const url = URL.createObjectURL(file.blob);
      saveBlob(url, file.fileName);
      setPrepared({ url, fileName: file.fileName, size: file.blob.size, ...(await inspect(file.blob)) });
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const working = exporting || busy;
  return (
    <>
      <PageTitle title="Exports">Exports</PageTitle>
      <section className="card" aria-labelledby="export-run">
        <h2 id="export-run">Export a reconciliation run</h2>
        <p className="muted">
          A zip with the run’s summary, municipalities and differences, its frozen inputs (inputs.json) and a manifest of every file’s
          SHA-256, size and row count (docs/export-format.md). Check it offline with <code>npm run verify-export -- file.zip</code>.
        </p>
        <QueryState fetching={fetching} error={error}>
          {runs.length === 0 ? (
            <p className="muted">
              No finished reconciliation runs yet; <Link to="/audit">start one</Link>.
            </p>
          ) : (
            <form className="audit-inline-form" onSubmit={(e) => void submit(e)}>
              <label>
                Run
                <select
                  value={runId}
                  onChange={(e) => {
                    setParams({ run: e.target.value }, { replace: true });
                    setPrepared(null);
                  }}
                >
                  {runs.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.schemeCode} {r.year} as of {formatDate(r.asOf)} ({r.differenceCount ?? 0} differences)
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Export format
                <select value={format} onChange={(e) => setFormat(e.target.value as ReconciliationExportFormat)}>
                  {FORMATS.map((f) => (
                    <option key={f.value} value={f.value}>
                      {f.label}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" disabled={working}>
                {working ? 'Preparing…' : 'Export and download'}
              </button>
            </form>
          )}
        </QueryState>
        {working ? (
          <p className="muted" role="status" aria-busy="true">
            Building the export…
          </p>
        ) : null}
        {failure !== null ? (
          <div className="alert" role="alert">
            <strong>The export could not be downloaded</strong>
            <p>{failure}</p>
          </div>
        ) : null}
        {prepared ? <PreparedExport prepared={prepared} /> : null}
      </section>
      <JournalDownloads />
    </>
  );
}

function PreparedExport({ prepared }: { prepared: Prepared }) {
  const { manifest, checked } = prepared;
  const allMatch =
    manifest !== null &&
    manifest.files.every((f) => checked[f.name]?.bytes === f.bytes && (checked[f.name]?.sha256 ?? f.sha256) === f.sha256);
  const hashed = manifest !== null && manifest.files.every((f) => checked[f.name]?.sha256 !== null);
  return (
    <div data-testid="export-result">
      <p className="notice" role="status">
        Downloaded <strong>{prepared.fileName}</strong> ({formatCount(prepared.size)} bytes).{' '}
        <a href={prepared.url} download={prepared.fileName}>
          Save it again
        </a>
      </p>
      {prepared.manifestError !== null ? (
        <p className="alert" role="alert">
          The manifest could not be read: {prepared.manifestError}
        </p>
      ) : null}
      {manifest ? (
        <>
          <h3>Manifest</h3>
          <dl className="audit-facts" data-testid="manifest-facts">
            <dt>Export</dt>
            <dd>
              {manifest.exportFormat} · {manifest.format} · <code className="hash">{manifest.exportId}</code>
            </dd>
            <dt>Run</dt>
            <dd>
              <Link to={`/audit/runs/${manifest.runId}`}>
                {manifest.schemeCode} {manifest.year}
              </Link>{' '}
              as of {formatDate(manifest.asOf)}
            </dd>
            <dt>Input hash</dt>
            <dd>
              <Hash value={manifest.inputHash} />
            </dd>
            <dt>Output hash</dt>
            <dd>
              <Hash value={manifest.outputHash} />
            </dd>
            <dt>Journal head</dt>
            <dd>
              {manifest.journalHeadSequence ? `sequence ${manifest.journalHeadSequence}, ` : ''}
              <Hash value={manifest.journalHeadHash} />
            </dd>
            <dt>Exported</dt>
            <dd>
              {formatDate(manifest.exportedAt)} by {manifest.exportedBy}
            </dd>
          </dl>
          <p role="status" data-testid="manifest-check">
            {allMatch
              ? hashed
                ? 'Every file in the zip matches the manifest (size and SHA-256, checked in this browser).'
                : 'Every file’s size matches the manifest; this browser cannot compute SHA-256 here, use npm run verify-export.'
              : 'Some files do NOT match the manifest: see the table.'}
          </p>
          <div className="table-wrap">
            <table data-testid="manifest-table">
              <caption>Files in the export, as the manifest lists them</caption>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col" className="num">
                    Rows
                  </th>
                  <th scope="col" className="num">
                    Bytes
                  </th>
                  <th scope="col">SHA-256</th>
                  <th scope="col">In the zip</th>
                </tr>
              </thead>
              <tbody>
                {manifest.files.map((f) => {
                  const c = checked[f.name];
                  const sizeOk = c?.bytes === f.bytes;
                  const hashOk = c?.sha256 === null ? null : c?.sha256 === f.sha256;
                  return (
                    <tr key={f.name}>
                      <th scope="row">{f.name}</th>
                      <td className="num">{formatCount(f.rows)}</td>
                      <td className="num">{formatCount(f.bytes)}</td>
                      <td>
                        <Hash value={f.sha256} />
                      </td>
                      <td>
                        {c === undefined || c.bytes === null ? (
                          <span className="badge danger">missing</span>
                        ) : sizeOk && hashOk !== false ? (
                          <span className="badge ok">{hashOk === null ? 'size matches' : 'matches'}</span>
                        ) : (
                          <span className="badge danger">differs</span>
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

/** GET /exports/journal.ledger or /exports/journal.csv with optional filters, saved via a Blob. */
function JournalDownloads() {
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
  const [schemes] = useQuery({ query: SchemeCodesQuery });
  const codes = Array.from(new Set((schemes.data?.schemes ?? []).map((s) => s.code))).sort();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    setFailure(null);
    if (year !== '' && !/^\d{4}$/.test(year)) {
      setYearError('A year has four digits, e.g. 2026.');
      return;
    }
    setYearError(null);
    const q = new URLSearchParams();
    if (scheme) {
      q.set('scheme', scheme);
    }
    if (year) {
      q.set('year', year);
    }
    if (municipality.trim()) {
      q.set('municipality', municipality.trim().toUpperCase());
    }
    if (from) {
      q.set('from', from);
    }
    if (to) {
      q.set('to', to);
    }
    const qs = q.toString();
    setBusy(true);
    try {
      const file = await download(token, `/exports/journal.${kind}${qs ? `?${qs}` : ''}`, `journal.${kind}`);
      const url = URL.createObjectURL(file.blob);
      saveBlob(url, file.fileName);
      // Let the download start before the URL is released.
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setDone(`Downloaded ${file.fileName} (${formatCount(file.blob.size)} bytes).`);
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="export-journal">
      <h2 id="export-journal">Download the journal</h2>
      <p className="muted">
        Whole transactions with their chain sequence and hash, in hledger format or as CSV (one row per posting). Leave the filters empty
        for the whole journal.
      </p>
      <form className="audit-inline-form" onSubmit={(e) => void submit(e)} noValidate>
        <label>
          Journal format
          <select value={kind} onChange={(e) => setKind(e.target.value as 'csv' | 'ledger')}>
            <option value="csv">CSV (journal.csv)</option>
            <option value="ledger">hledger (journal.ledger)</option>
          </select>
        </label>
        <label>
          Scheme
          <select value={scheme} onChange={(e) => setScheme(e.target.value)}>
            <option value="">All</option>
            {codes.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          Year
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
          Municipality
          <input value={municipality} onChange={(e) => setMunicipality(e.target.value)} placeholder="GM0363" size={8} />
        </label>
        <label>
          Effective from
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          Effective to
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Downloading…' : 'Download journal'}
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

const SchemeCodesQuery = graphql(`
  query AuditorSchemeCodes {
    schemes {
      id
      code
    }
  }
`);
