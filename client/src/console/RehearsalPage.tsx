// Playing a rehearsal: ×N, pause, resume and stop, with the race clock and how many reads went in.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatTimeOfDay } from '../../../shared/format';
import { REHEARSAL_SPEEDS } from '../../../shared/rehearsal';
import { ApiError } from './console-api';
import { rehearsalApi, type RehearsalStatus } from './rehearsal-api';
import { useAction } from './use-async';
import { Message } from './Message';
import { useEventClock } from './event-clock';

const POLL_MS = 1000;

export function RehearsalPage({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const p = (key: string, options?: Record<string, unknown>) => t(`console.rehearsalPlay.${key}`, options ?? {});
  const { timeZone } = useEventClock();
  const [status, setStatus] = useState<RehearsalStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notRehearsal, setNotRehearsal] = useState(false);
  const [speed, setSpeed] = useState<number>(10);
  const [run, busy, message] = useAction();

  useEffect(() => {
    let live = true;
    const load = () =>
      rehearsalApi
        .status(eventId)
        .then((s) => live && (setStatus(s), setError(null)))
        .catch((e: Error) => {
          if (!live) return;
          // A normal event has no rehearsal to play: say so once, and stop asking.
          if (e instanceof ApiError && e.status === 404) {
            clearInterval(timer);
            setNotRehearsal(true);
          } else setError(e.message);
        });
    const timer = setInterval(load, POLL_MS);
    void load();
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [eventId]);

  const act = (action: () => Promise<RehearsalStatus>) => void run(async () => setStatus(await action()));
  const state = status?.state;
  return (
    <div className="page" data-testid="rehearsal-page">
      <h1>{t('console.tabs.rehearsal')}</h1>
      {notRehearsal && (
        <p data-testid="not-a-rehearsal">
          {t('console.rehearsal.notOne')} <Link to="/console">{t('console.rehearsal.toEvents')}</Link>
        </p>
      )}
      {error && <p className="error">{error}</p>}
      {status && (
        <>
          <p>
            {p('playing', { source: status.source })} <strong data-testid="rehearsal-state" data-state={status.state}>{p(`state.${status.state}`)}</strong>
            {status.clock !== null && <> · {p('clock')} <span data-testid="rehearsal-clock">{formatTimeOfDay(status.clock, timeZone)}</span></>} · <span data-testid="rehearsal-sent">{status.sent}</span> {p('sent', { reads: status.reads, accepted: status.accepted })}
            {status.failedRequests > 0 && <> · {p('failed', { count: status.failedRequests })}</>}
          </p>
          <div className="console-card">
            <label>
              {p('speed')}{' '}
              <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} data-testid="rehearsal-speed">
                {REHEARSAL_SPEEDS.map((s) => (
                  <option key={s} value={s}>×{s}</option>
                ))}
              </select>
            </label>{' '}
            <button type="button" disabled={busy || state === 'playing' || state === 'stopped' || state === 'finished'} onClick={() => act(() => rehearsalApi.play(eventId, speed))} data-testid="rehearsal-play">
              {state === 'paused' ? p('resume') : p('play')}
            </button>{' '}
            <button type="button" disabled={busy || state !== 'playing'} onClick={() => act(() => rehearsalApi.pause(eventId))} data-testid="rehearsal-pause">{p('pause')}</button>{' '}
            <button type="button" disabled={busy || state === 'stopped' || state === 'finished'} onClick={() => act(() => rehearsalApi.stop(eventId))} data-testid="rehearsal-stop">{p('stop')}</button>
            <Message message={message} />
          </div>
          <p className="muted">
            {p('try')}{' '}
            <a href={`/e/${encodeURIComponent(eventId)}`} target="_blank" rel="noreferrer">{p('spectators')}</a> ·{' '}
            <a href={`/screen/${encodeURIComponent(eventId)}`} target="_blank" rel="noreferrer">{p('screen')}</a> ·{' '}
            <a href={`/speaker/${encodeURIComponent(eventId)}`} target="_blank" rel="noreferrer">{p('speaker')}</a> · {p('monitoring')}
          </p>
        </>
      )}
    </div>
  );
}
