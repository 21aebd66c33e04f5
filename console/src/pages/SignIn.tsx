import { useEffect, useId, useState, type FormEvent } from 'react';
import { useAuth } from '../auth';
import { useDocumentTitle } from '../components/Layout';

/** Development tokens the server offers when it runs with its generated development secret. */
async function fetchDevTokens(): Promise<Record<string, string>> {
  try {
    const response = await fetch('/console-api/dev-tokens');
    if (!response.ok) {
      return {};
    }
    return (await response.json()) as Record<string, string>;
  } catch {
    return {};
  }
}

const LABELS: Record<string, string> = {
  FINANCE_OFFICER: 'Finance officer',
  FINANCE_OFFICER_2: 'Second finance officer (four eyes)',
  MUNICIPAL_CONTROLLER: 'Controller of GM0363 Amsterdam',
  AUDITOR: 'Auditor',
};

export function SignIn() {
  const { signIn, error, checking } = useAuth();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [devTokens, setDevTokens] = useState<Record<string, string>>({});
  const tokenId = useId();
  const errorId = useId();
  useDocumentTitle('Sign in');

  useEffect(() => {
    void fetchDevTokens().then(setDevTokens);
  }, []);

  const submit = async (candidate: string) => {
    setBusy(true);
    await signIn(candidate);
    setBusy(false);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit(token);
  };

  return (
    <main id="main" className="signin">
      <h1>Inburgering funding console</h1>
      <p>
        Sign in with the bearer token your identity provider issued. The console uses the same GraphQL API and the same rules as any other
        client.
      </p>
      <form onSubmit={onSubmit} aria-describedby={error ? errorId : undefined}>
        <label htmlFor={tokenId}>Token</label>
        <textarea id={tokenId} value={token} onChange={(e) => setToken(e.target.value)} rows={4} spellCheck={false} autoComplete="off" />
        {error ? (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy || checking}>
          Sign in
        </button>
      </form>
      {Object.keys(devTokens).length > 0 ? (
        <section aria-labelledby="dev-tokens">
          <h2 id="dev-tokens">Development tokens</h2>
          <p className="muted">This server runs with its development secret and offers the tokens it printed at start-up.</p>
          <div className="buttons">
            {Object.entries(devTokens).map(([role, value]) => (
              <button key={role} type="button" onClick={() => void submit(value)} disabled={busy} data-testid={`dev-${role}`}>
                {LABELS[role] ?? role}
              </button>
            ))}
          </div>
        </section>
      ) : null}
    </main>
  );
}
