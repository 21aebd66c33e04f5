import { Route } from 'react-router';
import { ReconciliationRuns } from './ReconciliationRuns';

/** Auditor pages under /audit. */
export function auditorRoutes() {
  return (
    <>
      <Route path="/audit" element={<ReconciliationRuns />} />
    </>
  );
}
