import { useEffect, type ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useAuth } from '../auth';
import type { Viewer } from '../auth';
import { LanguageSwitch } from './LanguageSwitch';

export interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

/** Navigation per role; pages of other roles are not linked (and the API refuses them anyway). */
export function navFor(viewer: Viewer, t: TFunction): NavItem[] {
  switch (viewer.role) {
    case 'FINANCE_OFFICER':
      return [
        { to: '/finance', label: t('nav.finance.schemeYears'), end: true },
        { to: '/finance/side-by-side', label: t('nav.finance.sideBySide') },
        { to: '/finance/advances', label: t('nav.finance.advances') },
        { to: '/finance/overrun', label: t('nav.finance.overrun') },
        { to: '/finance/reporting', label: t('nav.finance.reporting') },
        { to: '/finance/chain', label: t('nav.finance.chain') },
        { to: '/finance/forecasts', label: t('nav.finance.forecasts') },
        { to: '/finance/backtests', label: t('nav.finance.backtests') },
        { to: '/finance/exposure', label: t('nav.finance.exposure') },
        { to: '/finance/alerts', label: t('nav.finance.alerts') },
        { to: '/finance/keys', label: t('nav.finance.keys') },
      ];
    case 'MUNICIPAL_CONTROLLER': {
      const base = `/municipalities/${viewer.municipalityCode ?? ''}`;
      return [
        { to: base, label: t('nav.controller.overview'), end: true },
        { to: `${base}/settlements`, label: t('nav.controller.settlements') },
        { to: `${base}/people`, label: t('nav.controller.people') },
        { to: `${base}/reports`, label: t('nav.controller.reports') },
        { to: `${base}/chain`, label: t('nav.controller.chain') },
        { to: `${base}/alerts`, label: t('nav.controller.alerts') },
      ];
    }
    case 'AUDITOR':
      return [
        { to: '/audit', label: t('nav.auditor.runs'), end: true },
        { to: '/audit/journal', label: t('nav.auditor.journal') },
        { to: '/audit/exports', label: t('nav.auditor.exports') },
        { to: '/audit/chain', label: t('nav.auditor.chain') },
        { to: '/audit/keys', label: t('nav.auditor.keys') },
      ];
  }
}

export function Layout({ viewer, children }: { viewer: Viewer; children: ReactNode }) {
  const { t } = useTranslation();
  const { signOut } = useAuth();
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t('layout.skip')}
      </a>
      <header className="topbar">
        <span className="brand">{t('layout.brand')}</span>
        <span className="who" data-testid="viewer">
          {t(`roles.${viewer.role}`)}
          {viewer.municipalityCode !== null ? ` · ${viewer.municipalityCode}` : ''} · <span className="muted">{viewer.subject}</span>
        </span>
        <LanguageSwitch />
        <button type="button" className="link" onClick={signOut}>
          {t('layout.signOut')}
        </button>
      </header>
      <nav aria-label={t('layout.mainNav')} className="sidenav">
        <ul>
          {navFor(viewer, t).map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

/** A page heading that also sets the document title. */
export function PageTitle({ children, title }: { children: ReactNode; title: string }) {
  useDocumentTitle(title);
  return <h1>{children}</h1>;
}

export function useDocumentTitle(title: string): void {
  const { t } = useTranslation();
  const brand = t('layout.brand');
  useEffect(() => {
    document.title = `${title} · ${brand}`;
  }, [title, brand]);
}
