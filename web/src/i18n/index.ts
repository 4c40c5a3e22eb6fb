import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import applications from './catalogs/applications';
import awards from './catalogs/awards';
import common from './catalogs/common';
import login from './catalogs/login';
import partnerships from './catalogs/partnerships';
import payees from './catalogs/payees';
import reports from './catalogs/reports';
import reviews from './catalogs/reviews';
import rounds from './catalogs/rounds';
import decisions from './catalogs/decisions';
import oversight from './catalogs/oversight';
import finance from './catalogs/finance';
import administration from './catalogs/administration';
import documents from './catalogs/documents';
import settlement from './catalogs/settlement';
import amendments from './catalogs/amendments';

/** Every feature's catalog, one namespace each (`t('applications:title')`). */
const catalogs = {
  common,
  login,
  partnerships,
  applications,
  reviews,
  awards,
  reports,
  payees,
  rounds,
  decisions,
  oversight,
  finance,
  administration,
  documents,
  settlement,
  amendments,
};

export type Language = 'en' | 'ja';
export const LANGUAGES: Language[] = ['en', 'ja'];
const STORED = 'sdg.language';

const resources = Object.fromEntries(
  LANGUAGES.map((language) => [
    language,
    Object.fromEntries(Object.entries(catalogs).map(([ns, texts]) => [ns, texts[language]])),
  ]),
);

/** The language chosen on this browser, else the browser's own (ja or en). */
function initialLanguage(): Language {
  const stored = localStorage.getItem(STORED);
  if (stored === 'en' || stored === 'ja') return stored;
  return navigator.language.startsWith('ja') ? 'ja' : 'en';
}

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'en',
  defaultNS: 'common',
  ns: Object.keys(catalogs),
  interpolation: { escapeValue: false },
});

const applyToDocument = (language: string) => (document.documentElement.lang = language);
applyToDocument(i18n.language);
i18n.on('languageChanged', applyToDocument);

/** Switches the language; `remember` keeps the choice on this browser (the user picked it). */
export function setLanguage(language: Language, remember = true): void {
  if (remember) localStorage.setItem(STORED, language);
  void i18n.changeLanguage(language);
}

/** Whether the user chose a language on this browser (else the profile's locale applies). */
export const languageChosen = () => localStorage.getItem(STORED) !== null;

export default i18n;
