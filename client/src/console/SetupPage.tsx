// Races of the event: course files, timing points by distance or on the map, loops, new races.
import { useState, type FormEvent } from 'react';
import type { Race } from '../../../shared/domain';
import { formatDistance } from '../../../shared/format';
import { consoleApi } from './console-api';
import { CoursePicker } from './CoursePicker';
import { Message } from './Message';
import { emptyRaceForm, RaceSpecFields, specFrom, type RaceForm } from './RaceSpecFields';
import { useAction, useLoad } from './use-async';

export function SetupPage({ eventId }: { eventId: string }) {
  const { data: setup, error, reload } = useLoad(() => consoleApi.setup(eventId), [eventId]);
  const [run, busy, message] = useAction();
  const [race, setRace] = useState<RaceForm>(emptyRaceForm);
  const addRace = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await consoleApi.addRace(eventId, specFrom(race));
      setRace(emptyRaceForm);
      reload();
      return `Race "${race.name}" added`;
    });
  };
  return (
    <div className="page">
      {error && <p className="error">{error}</p>}
      {setup && <h1>{setup.name} <span className="muted">{setup.date} · {setup.entrants.length} entrants</span></h1>}
      {setup?.races.map((r) => <RaceEditor key={r.id} eventId={eventId} race={r} onChanged={reload} />)}
      <form className="console-card" onSubmit={addRace}>
        <h2>Add a race</h2>
        <p className="muted">A race added during the event goes live at once.</p>
        <RaceSpecFields value={race} onChange={setRace} />
        <button type="submit" disabled={busy}>Add race</button>
        <Message message={message} />
      </form>
    </div>
  );
}

function RaceEditor({ eventId, race, onChanged }: { eventId: string; race: Race; onChanged: () => void }) {
  const [run, busy, message] = useAction();
  const [distanceKm, setDistanceKm] = useState('');
  const [pending, setPending] = useState<{ position: [number, number]; distance: number; offMetres: number } | null>(null);
  const [loop, setLoop] = useState({ length: String(race.loop?.length ?? ''), laps: String(race.loop?.laps ?? '') });
  const act = (action: () => Promise<unknown>, note: string) =>
    void run(async () => {
      await action();
      onChanged();
      return note;
    });

  const uploadCourse = (file: File | undefined) => {
    if (!file) return;
    act(async () => consoleApi.setCourse(eventId, race.id, await file.text()), `Course imported from ${file.name}`);
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
      <h2>{race.name} <span className="muted">{race.id} · {race.kind === 'loop' ? `loop ${race.loop?.laps} × ${race.loop?.length} m` : formatDistance(race.distance)}</span></h2>
      <label>
        Course file (GPX or GeoJSON)
        <input type="file" name={`course-${race.id}`} accept=".gpx,.geojson,.json,application/gpx+xml,application/geo+json" onChange={(e) => uploadCourse(e.target.files?.[0])} disabled={busy} />
      </label>
      <p className="muted">{race.course ? `Course: ${race.course.length} points` : 'No course yet'}</p>
      <table className="console-table">
        <thead><tr><th>Mat</th><th>Kind</th><th>Distance</th><th /></tr></thead>
        <tbody>
          {race.timingPoints.map((p) => (
            <tr key={p.id}>
              <td>{p.name} <span className="muted">({p.id})</span></td>
              <td>{p.kind}</td>
              <td>{formatDistance(p.distance)}</td>
              <td>{p.kind === 'split' && <button type="button" onClick={() => act(() => consoleApi.removePoint(eventId, race.id, p.id), `Mat ${p.name} removed`)}>Remove</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {race.kind === 'loop' ? (
        <form className="console-inline" onSubmit={(e) => (e.preventDefault(), act(() => consoleApi.setLoop(eventId, race.id, { length: Number(loop.length), laps: Number(loop.laps) }), 'Loop changed'))}>
          <label>Lap length (m) <input value={loop.length} onChange={(e) => setLoop({ ...loop, length: e.target.value })} /></label>
          <label>Laps <input value={loop.laps} onChange={(e) => setLoop({ ...loop, laps: e.target.value })} /></label>
          <button type="submit" disabled={busy}>Save loop</button>
        </form>
      ) : (
        <>
          <form className="console-inline" onSubmit={(e) => (e.preventDefault(), act(() => consoleApi.addPoint(eventId, race.id, { distance: Math.round(Number(distanceKm) * 1000) }), 'Mat added'))}>
            <label>Add a mat at (km) <input name={`mat-km-${race.id}`} inputMode="decimal" value={distanceKm} onChange={(e) => setDistanceKm(e.target.value)} /></label>
            <button type="submit" disabled={busy}>Add mat</button>
          </form>
          <CoursePicker race={race} pending={pending} onPick={pick} />
          {pending && (
            <p className="console-inline">
              Snapped to {formatDistance(pending.distance)} ({pending.offMetres} m from the click).
              <button type="button" onClick={() => (act(() => consoleApi.addPoint(eventId, race.id, { position: pending.position }), 'Mat added on the map'), setPending(null))}>Add mat here</button>
              <button type="button" onClick={() => setPending(null)}>Cancel</button>
            </p>
          )}
        </>
      )}
      <p><a href={consoleApi.resultsUrl(eventId, race.id)} download>Export results (CSV)</a></p>
      <Message message={message} />
    </section>
  );
}
