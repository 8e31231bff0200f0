// Races of the event: course files, timing points by distance or on the map, loops, new races.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Race } from '../../../shared/domain';
import { formatDistance, formatTimeOfDay } from '../../../shared/format';
import { readWindowOf } from '../../../shared/read-window';
import { formatDate } from '../../../shared/event-time';
import type { OrganizerAnswers } from '../../../shared/organizer-api';
import { ConfirmDialog } from './ConfirmDialog';
import { FilePicker } from './FilePicker';
import { consoleApi } from './console-api';
import { CoursePicker } from './CoursePicker';
import { Message } from './Message';
import { emptyRaceForm, RaceSpecFields, specFrom, type RaceForm } from './RaceSpecFields';
import { useAction, useLoad } from './use-async';

export function SetupPage({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const { data: setup, error, reload } = useLoad(() => consoleApi.setup(eventId), [eventId]);
  const [run, busy, message] = useAction();
  const [race, setRace] = useState<RaceForm>(emptyRaceForm);
  const addRace = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await consoleApi.addRace(eventId, specFrom(race));
      setRace(emptyRaceForm);
      reload();
      return t('console.setup.raceAdded', { name: race.name });
    });
  };
  return (
    <div className="page">
      {error && <p className="error">{error}</p>}
      {setup && <h1>{setup.name} <span className="muted">{setup.date} · {t('console.setup.entrants', { count: setup.entrants.length })} · {t('console.setup.readWindow', { window: windowText(readWindowOf(setup), setup.timeZone) })}</span></h1>}
      {setup?.races.map((r) => <RaceEditor key={r.id} eventId={eventId} race={r} onChanged={reload} />)}
      <form className="console-card" onSubmit={addRace}>
        <h2>{t('console.setup.addRace')}</h2>
        <p className="muted">{t('console.setup.addRaceHelp')}</p>
        <RaceSpecFields value={race} onChange={setRace} />
        <button type="submit" disabled={busy}>{t('console.setup.addRaceButton')}</button>
        <Message message={message} />
      </form>
    </div>
  );
}

function RaceEditor({ eventId, race, onChanged }: { eventId: string; race: Race; onChanged: () => void }) {
  const { t } = useTranslation();
  const s = (key: string, options?: Record<string, unknown>) => t(`console.setup.${key}`, options ?? {});
  const [run, busy, message] = useAction();
  const [distanceKm, setDistanceKm] = useState('');
  const [pending, setPending] = useState<{ position: [number, number]; distance: number; offMetres: number } | null>(null);
  const [loop, setLoop] = useState({ length: String(race.loop?.length ?? ''), laps: String(race.loop?.laps ?? '') });
  // A mat is removed only after a question that says whose splits it takes away.
  const [removing, setRemoving] = useState<OrganizerAnswers['timingPointRemoval'] | null>(null);
  const act = (action: () => Promise<unknown>, note: string) =>
    void run(async () => {
      await action();
      onChanged();
      return note;
    });

  const uploadCourse = (file: File | undefined) => {
    if (!file) return;
    act(async () => consoleApi.setCourse(eventId, race.id, await file.text()), s('courseImported', { file: file.name }));
  };
  const pick = (position: [number, number]) =>
    void run(async () => {
      const res = await fetch(`/api/organizer/events/${encodeURIComponent(eventId)}/races/${encodeURIComponent(race.id)}/snap`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ position }),
      });
      const body = await res.json();
      if (!res.ok) throw new Error(body.error);
      setPending(body);
    });

  return (
    <section className="console-card" data-race={race.id}>
      <h2>{race.name} <span className="muted">{race.id} · {race.kind === 'loop' ? s('loopOf', { laps: race.loop?.laps, length: race.loop?.length }) : formatDistance(race.distance)}</span></h2>
      <FilePicker label={s('courseFile')} name={`course-${race.id}`} accept=".gpx,.geojson,.json,application/gpx+xml,application/geo+json" onFile={uploadCourse} disabled={busy} />
      <p className="muted">{race.course ? s('course', { count: race.course.length }) : s('noCourse')}</p>
      <table className="console-table">
        <thead><tr><th>{s('mat')}</th><th>{s('kind')}</th><th>{s('distance')}</th><th /></tr></thead>
        <tbody>
          {race.timingPoints.map((p) => (
            <tr key={p.id}>
              <td>{p.name} <span className="muted">({p.id})</span></td>
              <td>{p.kind}</td>
              <td>{formatDistance(p.distance)}</td>
              <td>{p.kind === 'split' && <button type="button" disabled={busy} onClick={() => void run(async () => setRemoving(await consoleApi.pointRemoval(eventId, race.id, p.id)))}>{s('remove')}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {removing && (
        <ConfirmDialog
          title={s('removeMatTitle', { name: removing.name })}
          confirmLabel={s('remove')}
          busy={busy}
          onCancel={() => setRemoving(null)}
          onConfirm={() => act(async () => (await consoleApi.removePoint(eventId, race.id, removing.pointId), setRemoving(null)), s('matRemoved', { name: removing.name }))}
        >
          <p className="removal-summary">{s('removeMatSummary', { count: removing.runnersWithSplit })}</p>
        </ConfirmDialog>
      )}
      {race.kind === 'loop' ? (
        <form className="console-inline" onSubmit={(e) => (e.preventDefault(), act(() => consoleApi.setLoop(eventId, race.id, { length: Number(loop.length), laps: Number(loop.laps) }), s('loopChanged')))}>
          <label>{s('lapLength')} <input value={loop.length} onChange={(e) => setLoop({ ...loop, length: e.target.value })} /></label>
          <label>{s('laps')} <input value={loop.laps} onChange={(e) => setLoop({ ...loop, laps: e.target.value })} /></label>
          <button type="submit" disabled={busy}>{s('saveLoop')}</button>
        </form>
      ) : (
        <>
          <form className="console-inline" onSubmit={(e) => (e.preventDefault(), act(() => consoleApi.addPoint(eventId, race.id, { distance: Math.round(Number(distanceKm) * 1000) }), s('matAdded')))}>
            <label>{s('addMatAt')} <input name={`mat-km-${race.id}`} inputMode="decimal" value={distanceKm} onChange={(e) => setDistanceKm(e.target.value)} /></label>
            <button type="submit" disabled={busy}>{s('addMat')}</button>
          </form>
          <CoursePicker race={race} pending={pending} onPick={pick} />
          {pending && (
            <p className="console-inline">
              {s('snapped', { distance: formatDistance(pending.distance), off: pending.offMetres })}
              <button type="button" onClick={() => (act(() => consoleApi.addPoint(eventId, race.id, { position: pending.position }), s('matAddedOnMap')), setPending(null))}>{s('addMatHere')}</button>
              <button type="button" onClick={() => setPending(null)}>{s('cancel')}</button>
            </p>
          )}
        </>
      )}
      <p><a href={consoleApi.resultsUrl(eventId, race.id)} download>{s('export')}</a></p>
      <Message message={message} />
    </section>
  );
}

/** The read window in the event's zone, to the minute: 2026-04-16 00:00 – 2026-04-19 00:00. */
function windowText(window: { from: number; to: number }, timeZone: string): string {
  const at = (ms: number) => `${formatDate(ms, timeZone)} ${formatTimeOfDay(ms, timeZone).slice(0, 5)}`;
  return `${at(window.from)} – ${at(window.to)}`;
}
