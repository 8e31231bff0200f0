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
}

export const emptyRaceForm: RaceForm = { id: '', name: '', kind: 'point-to-point', distanceKm: '', splitsKm: '', lapMetres: '700', laps: '' };

export function specFrom(form: RaceForm): RaceSpecInput {
  if (form.kind === 'loop') return { id: form.id, name: form.name, loop: { length: Number(form.lapMetres), laps: Number(form.laps) } };
  const splits = form.splitsKm
    .split(/[,;\s]+/)
    .filter(Boolean)
    .map((s) => Math.round(Number(s) * 1000));
  return { id: form.id, name: form.name, distance: Math.round(Number(form.distanceKm) * 1000), splits };
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
        </>
      ) : (
        <>
          <label>Lap length (m) <input name="lapMetres" inputMode="decimal" value={value.lapMetres} onChange={(e) => set({ lapMetres: e.target.value })} required /></label>
          <label>Laps <input name="laps" inputMode="numeric" value={value.laps} onChange={(e) => set({ laps: e.target.value })} required /></label>
        </>
      )}
    </fieldset>
  );
}
