// "My spot": where the spectator stands on a course (typed as a distance, or picked on the map or
// the strip), and for each followed runner when they are expected there, with the 80 % range —
// "where do I stand to see her, and when". Kept beside the follows; sent with the alerts.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDistance, formatTimeOfDay, formatTimeRange } from '../../../shared/format';
import { courseSpan, spotApproach, spotProblem, type Spot } from '../../../shared/spot';
import type { FollowedRunner } from '../../../shared/socket-events';
import { useEventInfo } from '../live/event-context';
import { useLive } from '../live/LiveProvider';
import { RunnerName } from '../leaderboard/RunnerName';
import { useFollow } from './FollowProvider';
import { useAlertedBibs, sendSpot } from './push-alerts';
import { saveSpot, useSpot } from './spot-storage';
import { setPicking, usePicking } from './spot-picking';

/** Expected times move with the race clock: drawn again this often. */
const REDRAW_MS = 5000;

export function MySpot() {
  const info = useEventInfo();
  const { t, i18n } = useTranslation();
  const { followed, details } = useFollow();
  const alerted = useAlertedBibs(info.id);
  const spot = useSpot(info.id);
  const picking = usePicking();
  const { clock } = useLive();
  const [now, setNow] = useState(() => clock.now());
  const [problem, setProblem] = useState<string | null>(null);
  const bibs = [...new Set([...followed, ...alerted])];
  const firstRace = details.get(bibs[0] ?? '')?.raceId ?? info.races[0]?.id ?? '';
  const [raceId, setRaceId] = useState(spot?.raceId ?? firstRace);
  const [km, setKm] = useState(spot ? String(spot.distance / 1000) : '');
  const lang = i18n.language === 'fa' ? 'fa' : 'en';

  useEffect(() => {
    const timer = setInterval(() => setNow(clock.now()), REDRAW_MS);
    return () => clearInterval(timer);
  }, [clock]);
  // A spot picked on the map fills the form.
  useEffect(() => {
    if (!spot) return;
    setRaceId(spot.raceId);
    setKm(String(spot.distance / 1000));
  }, [spot]);

  if (bibs.length === 0 && !spot) return null;
  const change = (next: Spot | null) => {
    setProblem(null);
    saveSpot(info.id, next);
    // The server keeps the spot with this browser's alerts, if it has any.
    sendSpot(info.id, lang).catch((err: Error) => setProblem(t('alerts.failed', { reason: err.message })));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = { raceId, distance: Math.round(Number(km.replace(',', '.')) * 1000) };
    const race = info.races.find((r) => r.id === raceId);
    if (!Number.isFinite(next.distance) || km.trim() === '' || next.distance < 0 || spotProblem(race, next)) {
      setProblem(t('spot.outside', { max: race ? formatDistance(courseSpan(race)) : '' }));
      return;
    }
    change(next);
  };
  const race = info.races.find((r) => r.id === spot?.raceId);
  return (
    <section className="my-spot" aria-label={t('spot.mine')} data-testid="my-spot">
      <form onSubmit={submit} className="my-spot-form">
        <strong>{t('spot.mine')}</strong>
        {info.races.length > 1 && (
          <select aria-label={t('spot.race')} value={raceId} onChange={(e) => setRaceId(e.target.value)} data-testid="spot-race">
            {info.races.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        )}
        <input type="text" inputMode="decimal" size={6} aria-label={t('spot.km')} placeholder={t('spot.km')} value={km} onChange={(e) => setKm(e.target.value)} data-testid="spot-km" />
        <button type="submit" data-testid="spot-set">
          {t('spot.set')}
        </button>
        <button type="button" aria-pressed={picking} onClick={() => setPicking(!picking)} data-testid="spot-pick">
          {picking ? t('spot.picking') : t('spot.pick')}
        </button>
        {spot && (
          <button type="button" onClick={() => change(null)} data-testid="spot-clear">
            {t('spot.clear')}
          </button>
        )}
        {problem && <span role="status" className="alert-me-problem">{problem}</span>}
      </form>
      {spot && race && (
        <ul>
          <li className="muted" data-testid="spot-where">
            {race.name} · {formatDistance(spot.distance)}
          </li>
          {bibs.map((bib) => {
            const r = details.get(bib);
            return r ? <SpotLine key={bib} runner={r} spot={spot} now={now} /> : null;
          })}
        </ul>
      )}
    </section>
  );
}

function SpotLine({ runner, spot, now }: { runner: FollowedRunner; spot: Spot; now: number }) {
  const info = useEventInfo();
  const { t } = useTranslation();
  const race = info.races.find((r) => r.id === runner.raceId);
  const a = spotApproach(race, spot, runner);
  let when: string;
  if (runner.raceId !== spot.raceId) when = t('spot.otherRace');
  else if (a) {
    const minutes = Math.round((a.eta - now) / 60_000);
    when = `${formatTimeOfDay(a.eta, info.timeZone)}${a.range ? ` (${formatTimeRange(a.range, info.timeZone)})` : ''}${minutes >= 0 ? ` · ${t('spot.inMinutes', { count: minutes })}` : ''}`;
  } else if (runner.status === 'registered') when = t('spot.notStarted');
  else if (runner.status === 'onCourse' && runner.lastDistance >= spot.distance) when = t('spot.passed');
  else if (runner.status === 'onCourse') when = t('spot.unknown');
  else when = t('spot.done');
  return (
    <li data-testid={`spot-${runner.bib}`}>
      <span className="bib">{runner.bib}</span> <RunnerName row={runner} /> <span className="my-line">{when}</span>
    </li>
  );
}
