import { Route } from 'react-router';
import { MunicipalityOverview } from './MunicipalityOverview';

/**
 * Controller pages under /municipalities/:code. The code in the URL is sent to the API as typed;
 * the API refuses another municipality's data (FORBIDDEN) and the page shows that refusal.
 */
export function controllerRoutes() {
  return (
    <>
      <Route path="/municipalities/:code" element={<MunicipalityOverview />} />
    </>
  );
}
