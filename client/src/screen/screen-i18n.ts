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
  clock: 'Race clock',
  start: 'Start',
  density: 'Runners per km',
  onCourseCount: '{{count}} on course',
  podium: 'Podium',
  noPodium: 'The podium shows once three runners have finished',
  noGun: 'awaiting the gun',
  toStart: 'to the start',
  wavesOff: '{{off}} of {{total}} waves off',
  wavesAllOff: 'all {{count}} waves off',
  time: 'Time',
  gap: 'Gap',
  projected: 'Projected',
  at2: 'At',
  netTime: 'Net time',
  agPlace: 'Age group',
  newLeader: 'New leader',
  pinned: 'On the big screen now',
  pinThis: 'Big screen',
  unpin: 'Take down',
  pinFor: 'for {{seconds}} s',
  pinnedNow: 'On the big screen: {{name}}',
  finishedIn: 'Finished in {{time}}',
  atPoint: 'At {{point}} in {{time}}',
  placeOverall: '{{place}}. overall',
  placeGender: '{{place}}. {{gender}}',
  placeGroup: '{{place}}. {{group}}',
  projectedFinish: 'projected {{time}}',
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
  at: 'در ⁨{{point}}⁩',
  inTime: '⁨{{time}}⁩ دیگر',
  due: 'هم‌اکنون',
  none: 'هنوز کسی نرسیده',
  noneApproaching: 'در ⁨{{minutes}}⁩ دقیقهٔ آینده کسی نمی‌رسد',
  reconnecting: 'در حال اتصال دوباره',
  offline: 'قطع – در حال اتصال دوباره',
  private: 'شرکت‌کنندهٔ خصوصی',
  loading: 'در حال بارگذاری…',
  speakerTitle: 'در راه ⁨{{point}}⁩',
  point: 'نقطهٔ زمان‌گیری',
  minutes: 'تا',
  minutesValue: '⁨{{minutes}}⁩ دقیقه',
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
  clock: 'ساعت مسابقه',
  start: 'شروع',
  density: 'دوندگان در هر کیلومتر',
  onCourseCount: '{{count}} روی مسیر',
  podium: 'سکوی قهرمانی',
  noPodium: 'سکو پس از رسیدن سه دونده نشان داده می‌شود',
  noGun: 'در انتظار شلیک شروع',
  toStart: 'تا شروع',
  wavesOff: '⁨{{off}}⁩ موج از ⁨{{total}}⁩ موج آغاز کرده‌اند',
  wavesAllOff: 'هر {{count}} موج آغاز کرده‌اند',
  time: 'زمان',
  gap: 'فاصله',
  projected: 'پیش‌بینی',
  at2: 'در',
  netTime: 'زمان خالص',
  agPlace: 'رده سنی',
  newLeader: 'پیشتاز تازه',
  pinned: 'اکنون روی صفحهٔ بزرگ',
  pinThis: 'صفحهٔ بزرگ',
  unpin: 'برداشتن',
  pinFor: 'برای ⁨{{seconds}}⁩ ثانیه',
  pinnedNow: 'روی صفحهٔ بزرگ: ⁨{{name}}⁩',
  finishedIn: 'پایان در ⁨{{time}}⁩',
  atPoint: 'در ⁨{{point}}⁩ با ⁨{{time}}⁩',
  placeOverall: 'رتبهٔ ⁨{{place}}⁩ کلی',
  placeGender: 'رتبهٔ ⁨{{place}}⁩ ⁨{{gender}}⁩',
  placeGroup: 'رتبهٔ ⁨{{place}}⁩ ⁨{{group}}⁩',
  projectedFinish: 'پیش‌بینی ⁨{{time}}⁩',
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
