import { Route } from 'react-router';
import { SchemeYears } from './SchemeYears';

/** Finance officer pages under /finance. */
export function financeRoutes() {
  return (
    <>
      <Route path="/finance" element={<SchemeYears />} />
    </>
  );
}
