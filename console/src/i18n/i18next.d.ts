import 'i18next';
import type nl from './nl.json';

// Every `t('…')` key is checked against the Dutch texts at compile time; the English file is held
// to the same keys by test/console/i18n.spec.ts.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof nl };
  }
}
