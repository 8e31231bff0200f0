// Is a segment's pace humanly possible, and fast enough for the cut-off? A small pure judgement,
// kept apart from the splits so its reasons can be read and tested on their own.
import { formatDistance, formatPace } from '../format';

/** Men's world records as seconds per km by distance (m), from the mile-ish track events to 100 km. */
const RECORD_PACE: readonly [number, number][] = [
  [400, 107.6],
  [800, 126.1],
  [1000, 132.0],
  [1500, 137.3],
  [3000, 145.9],
  [5000, 151.1],
  [10000, 157.1],
  [21097.5, 163.6],
  [42195, 171.5],
  [100000, 219.4],
];

/**
 * Divisions whose athletes go faster than a runner: their record pace is the running record's
 * times this factor. Wheelchair racers hold the marathon in about 1:18 (0.65 of the running
 * record's pace) and go much faster downhill; handcyclists in under an hour. The factors leave
 * room for that: a segment is flagged only when no athlete of the division could have made it.
 */
export const DIVISION_RECORD_FACTOR: Readonly<Record<string, number>> = {
  wheelchair: 0.55,
  handcycle: 0.4,
  'hand cycle': 0.4,
  handbike: 0.4,
};

/** Record pace (s/km) for a distance in a division (running when the division has no factor). */
export function divisionRecordPace(metres: number, division?: string): number {
  // Asked for every segment of every runner on every read, for the same few segment lengths.
  let known = recordPaces.get(division);
  if (!known) recordPaces.set(division, (known = new Map()));
  let pace = known.get(metres);
  if (pace === undefined) {
    pace = recordPace(metres) * (division !== undefined ? (DIVISION_RECORD_FACTOR[division] ?? 1) : 1);
    if (known.size < 10_000) known.set(metres, pace);
  }
  return pace;
}

const recordPaces = new Map<string | undefined, Map<number, number>>();

/** Segments shorter than this are too sensitive to mat placement and read jitter to judge. */
export const MIN_SEGMENT_FOR_PACE_CHECK_M = 400;

/** World-record pace (s/km) for a distance, interpolated on log distance. */
export function recordPace(metres: number): number {
  if (metres <= RECORD_PACE[0][0]) return RECORD_PACE[0][1];
  for (let i = 1; i < RECORD_PACE.length; i++) {
    const [d1, p1] = RECORD_PACE[i];
    if (metres <= d1) {
      const [d0, p0] = RECORD_PACE[i - 1];
      const f = Math.log(metres / d0) / Math.log(d1 / d0);
      return p0 + f * (p1 - p0);
    }
  }
  return RECORD_PACE[RECORD_PACE.length - 1][1];
}

export interface SegmentCheck {
  /** Metres of the segment. */
  metres: number;
  /** Seconds per km over it. */
  pace: number;
  /** Where the segment ends, for the message. */
  to: string;
  /** Pace (s/km) the race's cut-off requires on average; undefined without a cut-off. */
  cutoffPace?: number;
  /** The entrant's division (wheelchair, handcycle, elite …): its record pace is the bound. */
  division?: string;
}

/** A reason the segment is implausible, or null when it is fine. */
export function implausiblePace(s: SegmentCheck): string | null {
  if (s.metres < MIN_SEGMENT_FOR_PACE_CHECK_M) return null;
  const record = divisionRecordPace(s.metres, s.division);
  if (s.pace < record) {
    const which = s.division !== undefined && DIVISION_RECORD_FACTOR[s.division] !== undefined ? `${s.division} record pace` : 'world record pace';
    return `impossible pace before ${s.to}: ${formatPace(s.pace)} over ${formatDistance(s.metres)} is faster than the ${which} (${formatPace(record)})`;
  }
  if (s.cutoffPace !== undefined && s.pace > s.cutoffPace) {
    return `pace before ${s.to} too slow for the cut-off: ${formatPace(s.pace)} over ${formatDistance(s.metres)}, the cut-off needs ${formatPace(s.cutoffPace)}`;
  }
  return null;
}
