import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Provider as UrqlProvider, type Client } from 'urql';
import { createGraphqlClient, graphqlErrors } from './client';
import { graphql } from './gql';
import type { Role } from './gql/graphql';

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
  error: string | null;
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

async function fetchViewer(client: Client): Promise<{ viewer: Viewer | null; error: string | null }> {
  const result = await client.query(ViewerQuery, {}, { requestPolicy: 'network-only' }).toPromise();
  if (result.error) {
    const first = graphqlErrors(result.error)[0];
    return { viewer: null, error: first?.message ?? result.error.message };
  }
  return { viewer: result.data?.viewer ?? null, error: null };
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(STORAGE_KEY));
  const [viewer, setViewer] = useState<Viewer | null>(null);
  const [checking, setChecking] = useState<boolean>(token !== null);
  const [error, setError] = useState<string | null>(null);
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
      setViewer(r.viewer);
      setError(r.error);
      setChecking(false);
      if (r.viewer === null) {
        sessionStorage.removeItem(STORAGE_KEY);
        setToken(null);
      }
    });
    return () => {
      live = false;
    };
  }, [client, token]);

  const signIn = useCallback(async (candidate: string): Promise<boolean> => {
    const trimmed = candidate.trim();
    if (trimmed === '') {
      setError('Paste a token first.');
      return false;
    }
    const r = await fetchViewer(createGraphqlClient(trimmed, () => undefined));
    if (r.viewer === null) {
      setError(r.error ?? 'The server did not accept this token.');
      return false;
    }
    sessionStorage.setItem(STORAGE_KEY, trimmed);
    setError(null);
    setToken(trimmed);
    return true;
  }, []);

  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setToken(null);
    setViewer(null);
  }, []);

  const state = useMemo<AuthState>(
    () => ({ token, viewer, checking, error, signIn, signOut }),
    [token, viewer, checking, error, signIn, signOut],
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
