// The fields of a new race: point to point (distance and split distances) or a loop (lap length, laps).
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const f = (key: string) => t(`console.raceFields.${key}`);
  const set = (patch: Partial<RaceForm>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="console-fields">
      <label>{f('id')} <input name="raceId" value={value.id} onChange={(e) => set({ id: e.target.value })} required /></label>
      <label>{f('name')} <input name="raceName" value={value.name} onChange={(e) => set({ name: e.target.value })} required /></label>
      <label>
        {f('kind')}
        <select name="raceKind" value={value.kind} onChange={(e) => set({ kind: e.target.value as RaceForm['kind'] })}>
          <option value="point-to-point">{f('pointToPoint')}</option>
          <option value="loop">{f('loop')}</option>
        </select>
      </label>
      {value.kind === 'point-to-point' ? (
        <>
          <label>{f('distance')} <input name="distanceKm" inputMode="decimal" value={value.distanceKm} onChange={(e) => set({ distanceKm: e.target.value })} required /></label>
          <label>{f('splits')} <input name="splitsKm" value={value.splitsKm} onChange={(e) => set({ splitsKm: e.target.value })} placeholder="5, 10, 21.1" /></label>
          <label>{f('startId')} <input name="startId" value={value.startId} onChange={(e) => set({ startId: e.target.value })} placeholder="start" /></label>
          <label>{f('finishId')} <input name="finishId" value={value.finishId} onChange={(e) => set({ finishId: e.target.value })} placeholder="finish" /></label>
        </>
      ) : (
        <>
          <label>{f('lapLength')} <input name="lapMetres" inputMode="decimal" value={value.lapMetres} onChange={(e) => set({ lapMetres: e.target.value })} required /></label>
          <label>{f('laps')} <input name="laps" inputMode="numeric" value={value.laps} onChange={(e) => set({ laps: e.target.value })} required /></label>
        </>
      )}
      <label>{f('waves')} <input name="waves" value={value.waves} onChange={(e) => set({ waves: e.target.value })} placeholder="elite, mass" /></label>
    </fieldset>
  );
}
