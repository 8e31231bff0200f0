// The fields of a new race: point to point (distance and split distances) or a loop (lap length, laps).
import type { RaceSpecInput } from '../../../shared/organizer';

export interface RaceForm {
  id: string;
  name: string;
  kind: 'point-to-point' | 'loop';
  distanceKm: string;
  splitsKm: string;
  lapMetres: string;
  laps: string;
  /** Mat ids shared with another race (the women's 10 km finishing on the marathon's finish mat). */
  startId: string;
  finishId: string;
  /** Wave ids, comma separated; each gets its own gun. */
  waves: string;
}

export const emptyRaceForm: RaceForm = { id: '', name: '', kind: 'point-to-point', distanceKm: '', splitsKm: '', lapMetres: '700', laps: '', startId: '', finishId: '', waves: '' };

export function specFrom(form: RaceForm): RaceSpecInput {
  const waveIds = form.waves.split(/[,;\s]+/).filter(Boolean);
  const waves = waveIds.length ? { waves: waveIds.map((id) => ({ id, name: id, gunTime: null })) } : {};
  if (form.kind === 'loop') return { id: form.id, name: form.name, loop: { length: Number(form.lapMetres), laps: Number(form.laps) }, ...waves };
  const splits = form.splitsKm
    .split(/[,;\s]+/)
    .filter(Boolean)
    .map((s) => Math.round(Number(s) * 1000));
  return {
    id: form.id,
    name: form.name,
    distance: Math.round(Number(form.distanceKm) * 1000),
    splits,
    ...(form.startId ? { startId: form.startId } : {}),
    ...(form.finishId ? { finishId: form.finishId } : {}),
    ...waves,
  };
}

export function RaceSpecFields({ value, onChange }: { value: RaceForm; onChange: (v: RaceForm) => void }) {
  const set = (patch: Partial<RaceForm>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="console-fields">
      <label>Race id <input name="raceId" value={value.id} onChange={(e) => set({ id: e.target.value })} required /></label>
      <label>Race name <input name="raceName" value={value.name} onChange={(e) => set({ name: e.target.value })} required /></label>
      <label>
        Kind
        <select name="raceKind" value={value.kind} onChange={(e) => set({ kind: e.target.value as RaceForm['kind'] })}>
          <option value="point-to-point">Point to point</option>
          <option value="loop">Loop</option>
        </select>
      </label>
      {value.kind === 'point-to-point' ? (
        <>
          <label>Distance (km) <input name="distanceKm" inputMode="decimal" value={value.distanceKm} onChange={(e) => set({ distanceKm: e.target.value })} required /></label>
          <label>Split mats (km, comma separated) <input name="splitsKm" value={value.splitsKm} onChange={(e) => set({ splitsKm: e.target.value })} placeholder="5, 10, 21.1" /></label>
          <label>Start mat id (optional) <input name="startId" value={value.startId} onChange={(e) => set({ startId: e.target.value })} placeholder="start" /></label>
          <label>Finish mat id (optional, to share one) <input name="finishId" value={value.finishId} onChange={(e) => set({ finishId: e.target.value })} placeholder="finish" /></label>
        </>
      ) : (
        <>
          <label>Lap length (m) <input name="lapMetres" inputMode="decimal" value={value.lapMetres} onChange={(e) => set({ lapMetres: e.target.value })} required /></label>
          <label>Laps <input name="laps" inputMode="numeric" value={value.laps} onChange={(e) => set({ laps: e.target.value })} required /></label>
        </>
      )}
      <label>Waves (ids, optional) <input name="waves" value={value.waves} onChange={(e) => set({ waves: e.target.value })} placeholder="elite, mass" /></label>
    </fieldset>
  );
}
