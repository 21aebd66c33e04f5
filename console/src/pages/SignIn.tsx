import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth';
import { useDocumentTitle } from '../components/Layout';
import { LanguageSwitch } from '../components/LanguageSwitch';

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

const DEV_ROLES = ['FINANCE_OFFICER', 'FINANCE_OFFICER_2', 'MUNICIPAL_CONTROLLER', 'AUDITOR'] as const;
const isDevRole = (role: string): role is (typeof DEV_ROLES)[number] => (DEV_ROLES as readonly string[]).includes(role);

export function SignIn() {
  const { t } = useTranslation();
  const { signIn, error, checking } = useAuth();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [devTokens, setDevTokens] = useState<Record<string, string>>({});
  const tokenId = useId();
  const errorId = useId();
  useDocumentTitle(t('signIn.documentTitle'));

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
      <LanguageSwitch />
      <h1>{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      <form onSubmit={onSubmit} aria-describedby={error ? errorId : undefined}>
        <label htmlFor={tokenId}>{t('signIn.token')}</label>
        <textarea id={tokenId} value={token} onChange={(e) => setToken(e.target.value)} rows={4} spellCheck={false} autoComplete="off" />
        {error ? (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy || checking}>
          {t('signIn.submit')}
        </button>
      </form>
      {Object.keys(devTokens).length > 0 ? (
        <section aria-labelledby="dev-tokens">
          <h2 id="dev-tokens">{t('signIn.devTitle')}</h2>
          <p className="muted">{t('signIn.devIntro')}</p>
          <div className="buttons">
            {Object.entries(devTokens).map(([role, value]) => (
              <button key={role} type="button" onClick={() => void submit(value)} disabled={busy} data-testid={`dev-${role}`}>
                {isDevRole(role) ? t(`signIn.devRoles.${role}`) : role}
              </button>
            ))}
          </div>
        </section>
      ) : null}
    </main>
  );
}
