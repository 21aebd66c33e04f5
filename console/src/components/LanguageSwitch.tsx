import { useTranslation } from 'react-i18next';
import { asLanguage, changeLanguage, LANGUAGES } from '../i18n';

const NAMES = { nl: 'Nederlands', en: 'English' } as const;

/** The visible language switch: each language named in itself, the current one pressed. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = asLanguage(i18n.language);
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          className="link"
          lang={language}
          aria-pressed={language === current}
          onClick={() => changeLanguage(language)}
          data-testid={`language-${language}`}
        >
          {NAMES[language]}
        </button>
      ))}
    </div>
  );
}
