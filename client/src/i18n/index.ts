// i18next set-up: English and Persian, chosen by link, by the visitor or by the browser, the choice
// remembered, the page direction following it.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { fa } from './fa';

export const LANGUAGES = [
  { code: 'en', label: 'English', dir: 'ltr' },
  { code: 'fa', label: 'فارسی', dir: 'rtl' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'splitcast.lang';

const isLanguage = (v: string | null | undefined): v is Language => v === 'en' || v === 'fa';

/**
 * The page's language: a link's `?lang=` first (a shared link shows what its sender chose), then
 * the choice remembered, then the browser's own languages on a first visit, else English.
 */
function initialLanguage(): Language {
  const asked = new URLSearchParams(window.location.search).get('lang');
  if (isLanguage(asked)) return asked;
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(v)) return v;
  } catch {
    // Storage blocked: the browser's languages decide.
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag?.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

function applyDirection(lng: string): void {
  const lang = LANGUAGES.find((l) => l.code === lng) ?? LANGUAGES[0];
  document.documentElement.lang = lang.code;
  document.documentElement.dir = lang.dir;
}

i18n.on('languageChanged', (lng) => {
  applyDirection(lng);
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Not remembered; still switched.
  }
});

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, fa: { translation: fa } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});
applyDirection(i18n.language);

export default i18n;
