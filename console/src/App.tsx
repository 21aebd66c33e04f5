import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useAuth, type Viewer } from './auth';
import { Layout } from './components/Layout';
import { SignIn } from './pages/SignIn';
import { NotFound } from './pages/NotFound';
import { financeRoutes } from './pages/finance/routes';
import { controllerRoutes } from './pages/controller/routes';
import { auditorRoutes } from './pages/auditor/routes';

/** Where each role lands after signing in. */
export function homeFor(viewer: Viewer): string {
  switch (viewer.role) {
    case 'FINANCE_OFFICER':
      return '/finance';
    case 'MUNICIPAL_CONTROLLER':
      return `/municipalities/${viewer.municipalityCode ?? ''}`;
    case 'AUDITOR':
      return '/audit';
  }
}

export function App() {
  const { viewer, checking } = useAuth();
  const location = useLocation();
  if (checking) {
    return (
      <p className="muted" role="status" aria-busy="true">
        Checking your token…
      </p>
    );
  }
  if (viewer === null) {
    return location.pathname === '/' || location.pathname === '/sign-in' ? (
      <SignIn />
    ) : (
      // Remember where the person wanted to go; after sign-in they come back to it.
      <Navigate to="/" replace state={{ from: location.pathname }} />
    );
  }
  const from = (location.state as { from?: string } | null)?.from;
  return (
    <Layout viewer={viewer}>
      <Routes>
        <Route path="/" element={<Navigate to={from ?? homeFor(viewer)} replace />} />
        <Route path="/sign-in" element={<Navigate to={homeFor(viewer)} replace />} />
        {financeRoutes()}
        {controllerRoutes()}
        {auditorRoutes()}
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Layout>
  );
}
