// The start gun of a race or of one of its waves: fired once ("Start now", or a recorded time).
// Once it has gone it is never fired again; it is corrected, after a question that shows the
// recorded and the corrected time in the event's time zone (the server's dry run).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventSetup } from '../../../shared/domain';
import { formatTimeOfDay } from '../../../shared/format';
import { formatDateTime, parseEventTime } from '../../../shared/event-time';
import type { OrganizerAnswers } from '../../../shared/organizer-api';
import { ConfirmDialog } from './ConfirmDialog';
import { ApiError, consoleApi } from './console-api';

/** A time in the event's zone with its date: a correction may cross midnight. */
const dateTime = formatDateTime;

interface Props {
  eventId: string;
  setup: EventSetup | null;
  run: (action: () => Promise<string | void>) => Promise<unknown>;
  busy: boolean;
  done: (note: string) => string;
}

export function GunControl({ eventId, setup, run, busy, done }: Props) {
  const { t } = useTranslation();
  const g = (key: string, options?: Record<string, unknown>) => t(`console.control.gun.${key}`, options ?? {});
  const [gun, setGun] = useState({ raceId: '', waveId: '', time: '' });
  const [reason, setReason] = useState('');
  const [correction, setCorrection] = useState<OrganizerAnswers['gun'] | null>(null);
  const tz = setup?.timeZone ?? 'UTC';
  const races = setup?.races ?? [];
  const race = races.find((r) => r.id === (gun.raceId || races[0]?.id));
  const wave = race?.waves.find((w) => w.id === gun.waveId);
  const current = (gun.waveId ? wave?.gunTime : race?.gunTime) ?? null;
  const target = race ? `${race.id}${gun.waveId ? `/${gun.waveId}` : ''}` : '';
  // What the organizer typed, read in the event's zone on the event's date when it has no zone of its own.
  const typed = gun.time.trim() ? parseEventTime(gun.time, tz, setup?.date ?? '') : null;

  const fire = (time: number | string) =>
    void run(async () => {
      try {
        const res = await consoleApi.gun(eventId, race!.id, { time, waveId: gun.waveId || undefined });
        return done(g('fired', { target, time: formatTimeOfDay(res.gunTime, tz) }));
      } catch (err) {
        // Fired meanwhile from another console: load the set-up, so this one offers the correction.
        if (err instanceof ApiError && err.status === 409) done('');
        throw err;
      }
    });

  // The server says what the correction would change; nothing changes until it is confirmed.
  const askCorrection = () =>
    void run(async () => {
      setCorrection(await consoleApi.gun(eventId, race!.id, { time: typed!, waveId: gun.waveId || undefined, correct: true, dryRun: true }));
    });

  const correct = () =>
    void run(async () => {
      const res = await consoleApi.gun(eventId, race!.id, { time: typed!, waveId: gun.waveId || undefined, correct: true, reason: reason || undefined });
      setCorrection(null);
      setReason('');
      return done(g('corrected', { target, from: dateTime(res.before, tz), to: dateTime(res.gunTime, tz) }));
    });

  return (
    <section className="console-card gun-control">
      <h2>{g('title')}</h2>
      <table className="console-table">
        <tbody>
          {races.map((r) => (
            <tr key={r.id}><th>{r.name}</th><td>{r.gunTime ? formatTimeOfDay(r.gunTime, tz) : g('notStarted')}</td><td>{r.waves.map((w) => `${w.name}: ${w.gunTime ? formatTimeOfDay(w.gunTime, tz) : '–'}`).join(', ')}</td></tr>
          ))}
        </tbody>
      </table>
      <div className="console-inline">
        <label>{g('race')} <select name="gun-race" value={race?.id ?? ''} onChange={(e) => setGun({ ...gun, raceId: e.target.value, waveId: '' })}>{races.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}</select></label>
        {race && race.waves.length > 0 && (
          <label>{g('wave')} <select name="gun-wave" value={gun.waveId} onChange={(e) => setGun({ ...gun, waveId: e.target.value })}><option value="">{g('wholeRace')}</option>{race.waves.map((w) => <option key={w.id} value={w.id}>{w.name}</option>)}</select></label>
        )}
        {current === null && <button type="button" onClick={() => fire('now')} disabled={busy || !race}>{g('now')}</button>}
        <label>{g('at')} <input name="gun-time" value={gun.time} placeholder={t('console.clock.typeTime')} aria-invalid={gun.time.trim() !== '' && typed === null} onChange={(e) => setGun({ ...gun, time: e.target.value })} /></label>
        {gun.time.trim() !== '' && <span className="muted" data-testid="gun-typed">{typed === null ? t('console.clock.notATime') : `${dateTime(typed, tz)} (${tz})`}</span>}
        {current === null ? (
          <button type="button" onClick={() => fire(typed!)} disabled={busy || typed === null || !race}>{g('record')}</button>
        ) : (
          <button type="button" onClick={askCorrection} disabled={busy || typed === null}>{g('correct')}</button>
        )}
      </div>
      {current !== null && <p className="muted gun-gone">{g('gone', { target, time: formatTimeOfDay(current, tz), zone: tz })}</p>}
      {correction && (
        <ConfirmDialog title={g('correctTitle', { target })} confirmLabel={g('confirm')} busy={busy} onCancel={() => setCorrection(null)} onConfirm={correct}>
          <div className="times" data-testid="gun-times">
            <span>{g('was')}</span><strong data-testid="gun-was">{dateTime(correction.before, tz)} ({tz})</strong>
            <span>{g('becomes')}</span><strong data-testid="gun-becomes">{dateTime(correction.gunTime, tz)} ({tz})</strong>
          </div>
          <label>{t('console.control.reason')} <input name="gun-reason" value={reason} onChange={(e) => setReason(e.target.value)} /></label>
          <p className="muted">{g('correctHelp')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
