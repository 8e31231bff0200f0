// The race page's time control: a slider over the event's time (first gun to last read), play and
// pause at ×1, ×10 and ×60, and "back to live". Says plainly when the page is not live.
import { useTranslation } from 'react-i18next';
import { formatTimeOfDay } from '../../../shared/format';
import { SPEEDS, type Moment } from './useMoment';

interface Props {
  moment: Moment;
  span: { from: number; to: number };
  timeZone: string;
  /** The event's day (YYYY-MM-DD, in its zone): a moment on another day shows its date. */
  eventDate: string;
}

/** The day of a moment in the event's zone, YYYY-MM-DD. */
const dayOf = (ms: number, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);

export function TimeControl({ moment, span, timeZone, eventDate }: Props) {
  const { t } = useTranslation();
  const { at, setAt, playing, setPlaying, speed, setSpeed } = moment;
  const shown = at ?? span.to;
  const time = formatTimeOfDay(shown, timeZone);
  const day = dayOf(shown, timeZone);
  return (
    <section className={`time-control ${at === null ? 'is-live' : 'not-live'}`} data-testid="time-control" aria-label={t('timeTravel.label')}>
      {at === null ? (
        <span className="time-state" data-testid="time-live">
          {t('timeTravel.live')}
        </span>
      ) : (
        <span className="time-state" role="status" data-testid="time-not-live">
          {day === eventDate ? t('timeTravel.notLive', { time }) : t('timeTravel.notLiveOn', { time, date: day })}
        </span>
      )}
      <input
        type="range"
        className="time-slider"
        min={span.from}
        max={Math.max(span.to, span.from + 1000)}
        step={1000}
        value={Math.min(Math.max(shown, span.from), span.to)}
        onChange={(e) => setAt(Number(e.target.value))}
        aria-label={t('timeTravel.slider')}
        aria-valuetext={time}
        data-testid="time-slider"
      />
      <button
        type="button"
        onClick={() => {
          if (at === null) setAt(span.from);
          setPlaying(!playing);
        }}
        data-testid="time-play"
      >
        {playing ? t('timeTravel.pause') : t('timeTravel.play')}
      </button>
      <span className="time-speeds" role="group" aria-label={t('timeTravel.speed')}>
        {SPEEDS.map((s) => (
          <button key={s} type="button" aria-pressed={speed === s} onClick={() => setSpeed(s)} data-testid={`time-speed-${s}`}>
            ×{s}
          </button>
        ))}
      </span>
      {at !== null && (
        <button type="button" className="time-live-button" onClick={() => setAt(null)} data-testid="time-back-to-live">
          {t('timeTravel.backToLive')}
        </button>
      )}
    </section>
  );
}
