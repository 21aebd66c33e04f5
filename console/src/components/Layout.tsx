import { useEffect, type ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useAuth } from '../auth';
import type { Viewer } from '../auth';

export interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

const ROLE_LABEL: Record<Viewer['role'], string> = {
  FINANCE_OFFICER: 'Finance officer',
  MUNICIPAL_CONTROLLER: 'Municipal controller',
  AUDITOR: 'Auditor',
};

/** Navigation per role; pages of other roles are not linked (and the API refuses them anyway). */
export function navFor(viewer: Viewer): NavItem[] {
  switch (viewer.role) {
    case 'FINANCE_OFFICER':
      return [
        { to: '/finance', label: 'Scheme-years and runs', end: true },
        { to: '/finance/side-by-side', label: 'Attribution vs taakstelling' },
        { to: '/finance/advances', label: 'Advances' },
        { to: '/finance/overrun', label: 'Overrun' },
        { to: '/finance/reporting', label: 'Reporting status' },
      ];
    case 'MUNICIPAL_CONTROLLER': {
      const base = `/municipalities/${viewer.municipalityCode ?? ''}`;
      return [
        { to: base, label: 'Entitlement and tranches', end: true },
        { to: `${base}/settlements`, label: 'Settlements' },
        { to: `${base}/people`, label: 'People' },
        { to: `${base}/reports`, label: 'Accountability reports' },
      ];
    }
    case 'AUDITOR':
      return [
        { to: '/audit', label: 'Reconciliation runs', end: true },
        { to: '/audit/journal', label: 'Journal verification' },
        { to: '/audit/exports', label: 'Exports' },
      ];
  }
}

export function Layout({ viewer, children }: { viewer: Viewer; children: ReactNode }) {
  const { signOut } = useAuth();
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Inburgering funding</span>
        <span className="who" data-testid="viewer">
          {ROLE_LABEL[viewer.role]}
          {viewer.municipalityCode !== null ? ` · ${viewer.municipalityCode}` : ''} · <span className="muted">{viewer.subject}</span>
        </span>
        <button type="button" className="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      <nav aria-label="Main" className="sidenav">
        <ul>
          {navFor(viewer).map((item) => (
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
  useEffect(() => {
    document.title = `${title} · Inburgering funding`;
  }, [title]);
}
