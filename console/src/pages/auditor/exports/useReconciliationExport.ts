import { useEffect, useState } from 'react';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../../gql';
import type { ReconciliationExportFormat } from '../../../gql/graphql';
import { useAuth } from '../../../auth';
import { download, saveBlob } from '../../../components/download';
import { inspectExport, type Inspection } from './manifest';

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

export interface Prepared extends Inspection {
  url: string;
  fileName: string;
  size: number;
}

/**
 * Records an export of a run (the API keeps who exported what), downloads the zip with the token,
 * hands it to the browser and checks it against its own manifest. The object URL lives as long as
 * the result is shown.
 */
export function useReconciliationExport() {
  const { t } = useTranslation();
  const { token } = useAuth();
  const [{ fetching: exporting }, exportRun] = useMutation(ExportMutation);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [prepared, setPrepared] = useState<Prepared | null>(null);

  useEffect(() => {
    return () => {
      if (prepared) {
        URL.revokeObjectURL(prepared.url);
      }
    };
  }, [prepared]);

  async function run(runId: string, format: ReconciliationExportFormat) {
    setFailure(null);
    setPrepared(null);
    if (runId === '') {
      setFailure(t('auditor.exports.chooseRun'));
      return;
    }
    const result = await exportRun({ runId, format });
    if (result.error || !result.data) {
      setFailure(result.error ? (result.error.graphQLErrors[0]?.message ?? result.error.message) : t('auditor.exports.notRecorded'));
      return;
    }
    const exp = result.data.exportReconciliation;
    setBusy(true);
    try {
      const file = await download(token, exp.downloadPath, `reconciliation-${exp.id}.zip`);
      const url = URL.createObjectURL(file.blob);
      saveBlob(url, file.fileName);
      setPrepared({ url, fileName: file.fileName, size: file.blob.size, ...(await inspectExport(file.blob)) });
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return { run, working: exporting || busy, failure, prepared, clear: () => setPrepared(null) };
}
