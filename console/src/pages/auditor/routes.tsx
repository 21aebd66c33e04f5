import { Route } from 'react-router';
import { ReconciliationRuns } from './ReconciliationRuns';
import { RunDetail } from './run/RunDetail';
import { DifferenceDetail } from './DifferenceDetail';
import { JournalVerification } from './JournalVerification';
import { Exports } from './exports/Exports';
import { Chain } from '../chain/Chain';
import { KeyComparison } from '../keys/KeyComparison';

/** Auditor pages under /audit. */
export function auditorRoutes() {
  return (
    <>
      <Route path="/audit" element={<ReconciliationRuns />} />
      <Route path="/audit/runs/:id" element={<RunDetail />} />
      <Route path="/audit/runs/:id/differences/:ordinal" element={<DifferenceDetail />} />
      <Route path="/audit/journal" element={<JournalVerification />} />
      <Route path="/audit/exports" element={<Exports />} />
      <Route path="/audit/chain" element={<Chain role="auditor" />} />
      <Route path="/audit/keys" element={<KeyComparison canRun={false} />} />
    </>
  );
}
