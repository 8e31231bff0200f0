// The runners the map draws, from the field: one trackable per runner on course. A phone
// tracker's fix newer than the last mat counts as a mat of its own: the runner is drawn from where
// the phone put them, heading for the next mat's ETA while the fix is short of that mat.
import type { Race } from '../../../shared/domain';
import { fieldRow, type Field } from '../../../shared/field-state';
import type { FieldRow } from '../../../shared/field-stream';
import { nextMatDistance, trackable, type Trackable } from './runner-estimate';

/** A slot's row with its latest phone fix taken as where the runner was last seen. */
export function withFix(row: FieldRow, race: Race, fix: { distance: number; time: number }): FieldRow {
  if (row.startTime === null || !(fix.time > (row.lastTime ?? row.startTime)) || !(fix.distance > row.lastDistance)) return row;
  const beyond = fix.distance >= nextMatDistance(race, row.lastDistance);
  return {
    ...row,
    lastDistance: fix.distance,
    lastTime: fix.time,
    lastNet: fix.time - row.startTime,
    // Past the mat the ETA was for (a missed read): the runner's own pace carries them on.
    nextEta: beyond ? null : row.nextEta,
    nextEtaRange: beyond ? null : row.nextEtaRange,
  };
}

export function fieldTrackables(field: Field, race: Race): Trackable[] {
  const out: Trackable[] = [];
  for (let i = 0; i < field.size; i++) {
    if (!field.present[i]) continue;
    let row = fieldRow(field, i);
    if (!Number.isNaN(field.gpsTime[i])) row = withFix(row, race, { distance: field.gpsDistance[i], time: field.gpsTime[i] });
    const t = trackable(row, race);
    if (t) out.push(t);
  }
  return out;
}

/** The latest mat time in the field, for the race clock. */
export function latestFieldTime(field: Field): number {
  let latest = 0;
  for (let i = 0; i < field.size; i++) if (field.present[i] && field.lastTime[i] > latest) latest = field.lastTime[i];
  return latest;
}
