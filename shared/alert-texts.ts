// The words of an alert, in the subscriber's language, and the message a notification is made
// from. Pure: the facts come in, the title and body go out. Times of day are in the venue's zone.
// Shared by the server (push messages) and the page (alerts from the socket).
import type { AlertPayload, AlertKind, AlertLang } from './alerts';
import type { AlertIntent } from './alert-watcher';
import type { Gender } from './domain';
import { formatDistance, formatDuration, formatPace, formatTimeOfDay, formatTimeRange } from './format';
import type { Places } from './views';

/** What an alert tells, gathered when it is sent. */
export interface AlertFacts {
  kind: AlertKind;
  bib: string;
  name: string | null;
  gender: Gender;
  ageGroup: string | null;
  timeZone: string;
  /** passing: the mat's name, the time there, the place there, the segment's pace. */
  pointName?: string;
  time?: number | null;
  place?: number | null;
  pace?: number | null;
  /** finish */
  netTime?: number | null;
  places?: Places | null;
  /** expected: epoch ms range at the finish; spot: at the spot. */
  range?: [number, number] | null;
  /** spot: metres from the start, and the expected epoch ms there. */
  spotDistance?: number;
  eta?: number;
}

interface Words {
  who(name: string | null, bib: string): string;
  passing: (f: AlertFacts) => { title: string; body: string };
  finish: (f: AlertFacts) => { title: string; body: string };
  expected: (f: AlertFacts) => { title: string; body: string };
  dnf: (f: AlertFacts) => { title: string; body: string };
  dq: (f: AlertFacts) => { title: string; body: string };
  spot: (f: AlertFacts) => { title: string; body: string };
}

const join = (parts: (string | number | null | false | undefined)[]) => parts.filter(Boolean).join(' · ');

const en: Words = {
  who: (name, bib) => (name ? `${name} (${bib})` : `#${bib}`),
  passing: (f) => ({
    title: `${en.who(f.name, f.bib)} passed ${f.pointName}`,
    body: join([`at ${formatTimeOfDay(f.time, f.timeZone)}`, f.place && `place ${f.place}`, f.pace && formatPace(f.pace)]),
  }),
  finish: (f) => ({
    title: `${en.who(f.name, f.bib)} finished`,
    body: join([
      `net ${formatDuration(f.netTime)}`,
      f.places && `place ${f.places.overall} overall`,
      f.places && `${f.places.gender} among ${{ M: 'men', F: 'women', X: 'others' }[f.gender]}`,
      f.places?.ageGroup && f.ageGroup && `${f.places.ageGroup} in ${f.ageGroup}`,
    ]),
  }),
  expected: (f) => ({ title: `${en.who(f.name, f.bib)} nears the finish`, body: `expected at the finish ${formatTimeRange(f.range, f.timeZone)}` }),
  dnf: (f) => ({ title: `${en.who(f.name, f.bib)} did not finish`, body: 'marked DNF by race control' }),
  dq: (f) => ({ title: `${en.who(f.name, f.bib)} was disqualified`, body: 'marked DQ by race control' }),
  spot: (f) => ({
    title: `${en.who(f.name, f.bib)} is about 10 minutes from your spot`,
    body: `expected at ${formatDistance(f.spotDistance!)} ${f.range ? formatTimeRange(f.range, f.timeZone) : formatTimeOfDay(f.eta, f.timeZone)}`,
  }),
};

const fa: Words = {
  who: (name, bib) => (name ? `${name} (${bib})` : `شمارهٔ ${bib}`),
  passing: (f) => ({
    title: `${fa.who(f.name, f.bib)} از ${f.pointName} گذشت`,
    body: join([`ساعت ${formatTimeOfDay(f.time, f.timeZone)}`, f.place && `رتبه ${f.place}`, f.pace && `سرعت ${formatPace(f.pace)}`]),
  }),
  finish: (f) => ({
    title: `${fa.who(f.name, f.bib)} به خط پایان رسید`,
    body: join([
      `زمان خالص ${formatDuration(f.netTime)}`,
      f.places && `رتبهٔ کلی ${f.places.overall}`,
      f.places && `رتبه در ${{ M: 'مردان', F: 'زنان', X: 'دیگر' }[f.gender]} ${f.places.gender}`,
      f.places?.ageGroup && f.ageGroup && `رتبه در ردهٔ سنی ${f.ageGroup} ${f.places.ageGroup}`,
    ]),
  }),
  expected: (f) => ({ title: `${fa.who(f.name, f.bib)} به خط پایان نزدیک می‌شود`, body: `رسیدن به خط پایان: ${formatTimeRange(f.range, f.timeZone)}` }),
  dnf: (f) => ({ title: `${fa.who(f.name, f.bib)} مسابقه را تمام نکرد`, body: 'انصراف، به اعلام داوران' }),
  dq: (f) => ({ title: `${fa.who(f.name, f.bib)} رد صلاحیت شد`, body: 'رد صلاحیت، به اعلام داوران' }),
  spot: (f) => ({
    title: `${fa.who(f.name, f.bib)} حدود ۱۰ دقیقه با جای شما فاصله دارد`,
    body: `رسیدن به ${formatDistance(f.spotDistance!)}: ${f.range ? formatTimeRange(f.range, f.timeZone) : formatTimeOfDay(f.eta, f.timeZone)}`,
  }),
};

const WORDS: Record<AlertLang, Words> = { en, fa };

export function alertText(facts: AlertFacts, lang: AlertLang): { title: string; body: string } {
  return WORDS[lang][facts.kind](facts);
}

/** The facts of an intent; the place at a mat and the places at the finish are the caller's to find. */
export function alertFacts(intent: AlertIntent, timeZone: string, placeAtSplit: number | null, places: Places | null): AlertFacts | null {
  const { runner } = intent;
  const base = { kind: intent.kind, bib: runner.bib, name: runner.name, gender: runner.gender, ageGroup: runner.ageGroup, timeZone };
  if (intent.kind === 'passing') {
    const split = runner.splits[intent.splitIndex!];
    if (!split) return null;
    const pointName = split.lap ? `${split.name} (${split.lap})` : split.name;
    return { ...base, pointName, time: split.time, place: placeAtSplit, pace: split.segmentPace };
  }
  if (intent.kind === 'finish') return { ...base, netTime: runner.netTime, places };
  if (intent.kind === 'expected') return { ...base, range: runner.nextEtaRange };
  if (intent.kind === 'spot') return intent.spot ? { ...base, spotDistance: intent.spot.distance, eta: intent.spot.eta, range: intent.spot.range } : null;
  return base;
}

/**
 * The message of one alert. Its tag names the alert itself (runner, kind, mat and lap), so the same
 * alert from the push service and from the socket is one notification, and two alerts are two.
 */
export function alertPayload(intent: AlertIntent, facts: AlertFacts, lang: AlertLang): AlertPayload {
  const { eventId, runner } = intent;
  const split = intent.splitIndex !== undefined ? runner.splits[intent.splitIndex] : undefined;
  const where = split ? [`${split.point}#${split.lap ?? 0}`] : intent.spot ? [String(Math.round(intent.spot.distance))] : [];
  const tag = [eventId, runner.bib, intent.kind, ...where].join(':');
  const url = `/e/${encodeURIComponent(eventId)}/runner/${encodeURIComponent(runner.bib)}`;
  return { kind: intent.kind, eventId, bib: runner.bib, ...alertText(facts, lang), url, tag };
}
