import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth, type Viewer } from './auth';
import { LanguageSwitch } from './components/LanguageSwitch';
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
  const { t } = useTranslation();
  const { viewer, checking, token, unavailable, retry, signOut } = useAuth();
  const location = useLocation();
  if (checking && viewer === null) {
    return (
      <p className="muted" role="status" aria-busy="true">
        {t('auth.checking')}
      </p>
    );
  }
  if (viewer === null && token !== null && unavailable) {
    // The server did not answer the token check (503, no connection): the session is kept.
    return (
      <main id="main" className="signin">
        <LanguageSwitch />
        <div className="alert" role="alert" data-testid="unavailable">
          <strong>{t('errors.unavailableTitle')}</strong>
          <p>{t('auth.unavailableText')}</p>
          <div className="buttons">
            <button type="button" onClick={retry}>
              {t('errors.retry')}
            </button>
            <button type="button" className="secondary" onClick={signOut}>
              {t('layout.signOut')}
            </button>
          </div>
        </div>
      </main>
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
