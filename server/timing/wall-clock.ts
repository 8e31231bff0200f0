// Equipment times (epoch ms, or a wall-clock date and time of day) as epoch ms.
import { wallClockToEpoch } from '../../shared/wall-clock';
import type { EquipmentTime } from './decoders/decoder';

export { wallClockToEpoch };

/** An equipment time as epoch ms; a time without a date is on the event's day. */
export function equipmentTimeToEpoch(time: EquipmentTime, eventDate: string, timeZone: string): number | null {
  if ('epochMs' in time) return time.epochMs;
  return wallClockToEpoch(time.date ?? eventDate, time.time, timeZone);
}
