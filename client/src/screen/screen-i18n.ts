// Words of the big screen and the announcer's view, in their own i18next namespace so they stay
// out of the spectator app's files. The screen's language comes from its URL (?lang=fa).
import { createContext, useContext } from 'react';
import i18n from 'i18next';
import { useTranslation } from 'react-i18next';

export const SCREEN_NS = 'screen';

const en = {
  top: 'Top finishers',
  leaders: 'Leading',
  latest: 'Latest finishers',
  approaching: 'Approaching the finish',
  counters: 'Runners',
  nations: 'Nations',
  map: 'On the course',
  started: 'started',
  onCourse: 'on course',
  finished: 'finished',
  dnf: 'DNF',
  women: 'Women',
  men: 'Men',
  other: 'Open',
  at: 'at {{point}}',
  inTime: 'in {{time}}',
  due: 'due now',
  none: 'No finishers yet',
  noneApproaching: 'Nobody expected in the next {{minutes}} minutes',
  reconnecting: 'reconnecting',
  offline: 'offline – reconnecting',
  private: 'Private entrant',
  loading: 'Loading…',
  speakerTitle: 'Approaching {{point}}',
  point: 'Timing point',
  minutes: 'Next',
  minutesValue: '{{minutes}} min',
  finish: 'Finish',
  eta: 'ETA',
  bib: 'Bib',
  name: 'Name',
  country: 'Country',
  ageGroup: 'Age group',
  place: 'Place',
  race: 'Race',
  toGo: 'to go',
  rehearsal: 'Rehearsal, not a live race',
};

const fa: typeof en = {
  top: 'برترین‌ها',
  leaders: 'پیشتازان',
  latest: 'تازه‌ترین رسیده‌ها',
  approaching: 'در راه خط پایان',
  counters: 'دوندگان',
  nations: 'کشورها',
  map: 'روی مسیر',
  started: 'شروع کرده',
  onCourse: 'روی مسیر',
  finished: 'به پایان رسیده',
  dnf: 'انصراف',
  women: 'زنان',
  men: 'مردان',
  other: 'آزاد',
  at: 'در {{point}}',
  inTime: '{{time}} دیگر',
  due: 'هم‌اکنون',
  none: 'هنوز کسی نرسیده',
  noneApproaching: 'در {{minutes}} دقیقهٔ آینده کسی نمی‌رسد',
  reconnecting: 'در حال اتصال دوباره',
  offline: 'قطع – در حال اتصال دوباره',
  private: 'شرکت‌کنندهٔ خصوصی',
  loading: 'در حال بارگذاری…',
  speakerTitle: 'در راه {{point}}',
  point: 'نقطهٔ زمان‌گیری',
  minutes: 'تا',
  minutesValue: '{{minutes}} دقیقه',
  finish: 'خط پایان',
  eta: 'زمان رسیدن',
  bib: 'شماره',
  name: 'نام',
  country: 'کشور',
  ageGroup: 'رده سنی',
  place: 'رتبه',
  race: 'مسابقه',
  toGo: 'مانده',
  rehearsal: 'تمرین، نه مسابقهٔ زنده',
};

i18n.addResourceBundle('en', SCREEN_NS, en, true, false);
i18n.addResourceBundle('fa', SCREEN_NS, fa, true, false);

export const SCREEN_LANGUAGES = { en: 'ltr', fa: 'rtl' } as const;
export type ScreenLanguage = keyof typeof SCREEN_LANGUAGES;

export function screenLanguage(search: string): ScreenLanguage {
  const lang = new URLSearchParams(search).get('lang');
  return lang === 'fa' ? 'fa' : 'en';
}

/** The language of the screen or announcer view, from its URL; never the spectator app's choice. */
export const ScreenLanguageContext = createContext<ScreenLanguage>('en');

/** `t` for the screen's words in the screen's own language. */
export function useScreenT() {
  return useTranslation(SCREEN_NS, { lng: useContext(ScreenLanguageContext) }).t;
}
