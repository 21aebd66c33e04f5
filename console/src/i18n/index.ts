import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setFormatLocale } from '../format';
import nl from './nl.json';
import en from './en.json';

/**
 * The console's languages: Dutch (the users' language, the default) and English. Texts live in
 * `nl.json` and `en.json` (i18next resources, keys type-checked against `nl.json`); numbers and
 * dates follow the same choice through `format.ts`. The choice is remembered in localStorage and
 * set as `<html lang>`, so screen readers and the browser's own controls use the right language.
 */
export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'ife.language';

function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'nl';
  } catch {
    // Storage refused (private mode, policy): Dutch.
    return 'nl';
  }
}

function apply(language: Language): void {
  setFormatLocale(language);
  document.documentElement.lang = language;
}

export function asLanguage(value: string | undefined): Language {
  return value === 'en' ? 'en' : 'nl';
}

export const i18n = i18next.createInstance();

const initial = storedLanguage();
apply(initial);
void i18n.use(initReactI18next).init({
  resources: { nl: { translation: nl }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'nl',
  supportedLngs: [...LANGUAGES],
  // The resources are bundled: initialise synchronously, so the first render has its texts.
  initAsync: false,
  // React escapes what it renders.
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Switches the interface language, remembers it for the next visit and updates `<html lang>`. */
export function changeLanguage(language: Language): void {
  apply(language);
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered; the switch still applies to this tab.
  }
  void i18n.changeLanguage(language);
}
