import { Route } from 'react-router';
import { SchemeYears } from './SchemeYears';
import { RunDetail } from './RunDetail';
import { Explanation } from './Explanation';
import { SideBySide } from './SideBySide';
import { Advances } from './Advances';
import { Overrun } from './Overrun';
import { Reporting } from './Reporting';
import { Chain } from '../chain/Chain';
import { FanChart } from './FanChart';
import { Backtests } from './Backtests';
import { Exposure } from './Exposure';
import { Alerts } from './Alerts';
import { KeyComparison } from '../keys/KeyComparison';

/** Finance officer pages under /finance. */
export function financeRoutes() {
  return (
    <>
      <Route path="/finance" element={<SchemeYears />} />
      <Route path="/finance/runs/:runId" element={<RunDetail />}>
        <Route path="municipalities/:code" element={<Explanation />} />
      </Route>
      <Route path="/finance/side-by-side" element={<SideBySide />} />
      <Route path="/finance/advances" element={<Advances />} />
      <Route path="/finance/overrun" element={<Overrun />} />
      <Route path="/finance/reporting" element={<Reporting />} />
      <Route path="/finance/chain" element={<Chain role="finance" />} />
      <Route path="/finance/forecasts" element={<FanChart />} />
      <Route path="/finance/backtests" element={<Backtests />} />
      <Route path="/finance/exposure" element={<Exposure />} />
      <Route path="/finance/alerts" element={<Alerts />} />
      <Route path="/finance/keys" element={<KeyComparison canRun />} />
    </>
  );
}
