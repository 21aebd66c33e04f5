import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Provider as UrqlProvider, type Client } from 'urql';
import { createGraphqlClient, graphqlErrors, isUnauthenticated } from './client';
import { graphql } from './gql';
import type { Role } from './gql/graphql';
import { i18n } from './i18n';

/** Who the server says the token belongs to (the `viewer` query), never decoded client-side. */
export interface Viewer {
  subject: string;
  role: Role;
  municipalityCode: string | null;
}

interface AuthState {
  token: string | null;
  viewer: Viewer | null;
  /** Checking a token with the server. */
  checking: boolean;
  /** Why the last sign-in did not succeed (the server's words), or null. */
  error: string | null;
  /**
   * The server could not be asked about a kept token (no answer, 503): the token is kept and the
   * check can be retried; only the server saying UNAUTHENTICATED ends a session.
   */
  unavailable: boolean;
  retry: () => void;
  signIn: (token: string) => Promise<boolean>;
  signOut: () => void;
}

const AuthContext = createContext<AuthState | null>(null);
const STORAGE_KEY = 'ife.token';

const ViewerQuery = graphql(`
  query ConsoleViewer {
    viewer {
      subject
      role
      municipalityCode
    }
  }
`);

interface ViewerCheck {
  viewer: Viewer | null;
  error: string | null;
  /** The server refused the token (401 / UNAUTHENTICATED), as opposed to not answering. */
  refused: boolean;
}

async function fetchViewer(client: Client): Promise<ViewerCheck> {
  const result = await client.query(ViewerQuery, {}, { requestPolicy: 'network-only' }).toPromise();
  if (result.error) {
    const first = graphqlErrors(result.error)[0];
    return { viewer: null, error: first?.message ?? result.error.message, refused: isUnauthenticated(result.error) };
  }
  const viewer = result.data?.viewer ?? null;
  return { viewer, error: null, refused: viewer === null };
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(STORAGE_KEY));
  const [viewer, setViewer] = useState<Viewer | null>(null);
  const [checking, setChecking] = useState<boolean>(token !== null);
  const [error, setError] = useState<string | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const client = useMemo(() => createGraphqlClient(token, () => setToken(null)), [token]);

  useEffect(() => {
    if (token === null) {
      sessionStorage.removeItem(STORAGE_KEY);
      setViewer(null);
      setChecking(false);
      return;
    }
    let live = true;
    setChecking(true);
    void fetchViewer(client).then((r) => {
      if (!live) {
        return;
      }
      setChecking(false);
      if (r.viewer !== null) {
        setViewer(r.viewer);
        setError(null);
        setUnavailable(false);
      } else if (r.refused) {
        setViewer(null);
        setError(r.error);
        setUnavailable(false);
        sessionStorage.removeItem(STORAGE_KEY);
        setToken(null);
      } else {
        // No answer, or a 503: keep the token (and a viewer already known) and offer a retry.
        setUnavailable(true);
      }
    });
    return () => {
      live = false;
    };
  }, [client, token, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  const signIn = useCallback(async (candidate: string): Promise<boolean> => {
    const trimmed = candidate.trim();
    if (trimmed === '') {
      setError(i18n.t('signIn.pasteFirst'));
      return false;
    }
    const r = await fetchViewer(createGraphqlClient(trimmed, () => undefined));
    if (r.viewer === null) {
      setError(r.error ?? i18n.t('signIn.notAccepted'));
      return false;
    }
    sessionStorage.setItem(STORAGE_KEY, trimmed);
    setError(null);
    setUnavailable(false);
    setToken(trimmed);
    return true;
  }, []);

  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setToken(null);
    setViewer(null);
    setUnavailable(false);
  }, []);

  const state = useMemo<AuthState>(
    () => ({ token, viewer, checking, error, unavailable, retry, signIn, signOut }),
    [token, viewer, checking, error, unavailable, retry, signIn, signOut],
  );
  return (
    <AuthContext.Provider value={state}>
      <UrqlProvider value={client}>{children}</UrqlProvider>
    </AuthContext.Provider>
  );
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (state === null) {
    throw new Error('useAuth outside AuthProvider');
  }
  return state;
}

/** The signed-in viewer; only for pages rendered behind the sign-in guard. */
export function useViewer(): Viewer {
  const { viewer } = useAuth();
  if (viewer === null) {
    throw new Error('useViewer without a signed-in viewer');
  }
  return viewer;
}

/** Fetches a plain HTTP route of the API (exports) with the bearer token; returns the Response. */
export function authorisedFetch(token: string | null, url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token !== null) {
    headers.set('authorization', `Bearer ${token}`);
  }
  return fetch(url, { ...init, headers });
}
