// On a short loop one missed read at the lap mat would shift every later lap by one. A gap of about
// n usual laps between two passings means n - 1 laps were run unseen: put them in, marked inferred.

export interface LapPassing {
  time: number;
  inferred: boolean;
}

/** A gap at least this many usual laps long counts as missed laps (1.6: a slow lap is not a missed one). */
const MISSED_LAP_RATIO = 1.6;

/**
 * Lap passings with missed laps inferred. `start` is the runner's start (or null), `times` the
 * real lap passings in order; no more than `maxLaps` passings result (else nothing is inferred,
 * since the reads then disagree with the race's laps).
 */
export function withInferredLaps(start: number | null, times: readonly number[], maxLaps: number): LapPassing[] {
  const plain = times.map((time) => ({ time, inferred: false }));
  const anchors = start === null ? [...times] : [start, ...times];
  const gaps: number[] = [];
  for (let i = 1; i < anchors.length; i++) gaps.push(anchors[i] - anchors[i - 1]);
  if (gaps.length < 2) return plain;
  // The lower median: with one normal and one double lap, the normal one is the reference.
  const usual = [...gaps].sort((a, b) => a - b)[Math.floor((gaps.length - 1) / 2)];
  if (usual <= 0) return plain;
  // Count first, allocate after: one read years away would otherwise ask for billions of laps.
  const missed = gaps.map((gap) => {
    const laps = Math.round(gap / usual);
    return laps >= 2 && gap / usual >= MISSED_LAP_RATIO ? laps - 1 : 0;
  });
  const total = (start === null ? 1 : 0) + gaps.length + missed.reduce((sum, n) => sum + n, 0);
  if (!(total <= maxLaps)) return plain;
  const out: LapPassing[] = start === null ? [{ time: anchors[0], inferred: false }] : [];
  gaps.forEach((gap, i) => {
    const laps = missed[i] + 1;
    for (let k = 1; k < laps; k++) out.push({ time: Math.round(anchors[i] + (gap * k) / laps), inferred: true });
    out.push({ time: anchors[i + 1], inferred: false });
  });
  return out;
}
