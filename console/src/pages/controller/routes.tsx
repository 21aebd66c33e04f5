import { Route } from 'react-router';
import { MunicipalityOverview } from './MunicipalityOverview';
import { Settlements } from './Settlements';
import { People } from './People';
import { Reports } from './reports/Reports';
import { ControllerChain } from './ControllerChain';
import { ControllerAlerts } from './ControllerAlerts';

/**
 * Controller pages under /municipalities/:code. The code in the URL is sent to the API as typed;
 * the API refuses another municipality's data (FORBIDDEN) and the page shows that refusal only.
 */
export function controllerRoutes() {
  return (
    <>
      <Route path="/municipalities/:code" element={<MunicipalityOverview />} />
      <Route path="/municipalities/:code/settlements" element={<Settlements />} />
      <Route path="/municipalities/:code/people" element={<People />} />
      <Route path="/municipalities/:code/reports" element={<Reports />} />
      <Route path="/municipalities/:code/chain" element={<ControllerChain />} />
      <Route path="/municipalities/:code/alerts" element={<ControllerAlerts />} />
    </>
  );
}
