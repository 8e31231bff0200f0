// Scored reads and timeline data as typed arrays, to hand them between threads without copying
// millions of objects.
import type { EventSetup } from '../../shared/domain';
import type { TimedRead, TimelineData } from '../../shared/engine/time-travel';

export interface PackedReads {
  runner: Int32Array;
  pointIds: string[];
  point: Uint16Array;
  time: Float64Array;
  seq: Float64Array;
}

export function packReads(setup: EventSetup, reads: readonly TimedRead[]): PackedReads {
  const runnerOf = new Map(setup.entrants.map((e, i) => [e.bib, i]));
  const pointIds: string[] = [];
  const pointOf = new Map<string, number>();
  const packed: PackedReads = {
    runner: new Int32Array(reads.length),
    pointIds,
    point: new Uint16Array(reads.length),
    time: new Float64Array(reads.length),
    seq: new Float64Array(reads.length),
  };
  reads.forEach((r, i) => {
    let p = pointOf.get(r.point);
    if (p === undefined) pointOf.set(r.point, (p = pointIds.push(r.point) - 1));
    packed.runner[i] = runnerOf.get(r.bib) ?? -1;
    packed.point[i] = p;
    packed.time[i] = r.time;
    packed.seq[i] = r.seq;
  });
  return packed;
}

export function unpackReads(setup: EventSetup, packed: PackedReads): TimedRead[] {
  const out: TimedRead[] = [];
  for (let i = 0; i < packed.time.length; i++) {
    const entrant = setup.entrants[packed.runner[i]];
    if (entrant) out.push({ bib: entrant.bib, point: packed.pointIds[packed.point[i]], time: packed.time[i], seq: packed.seq[i] });
  }
  return out;
}

export function transferablesOf(data: TimelineData): ArrayBuffer[] {
  const arrays = [data.readStart, data.readTime, data.readPoint, data.stageStart, ...Object.values(data.cols)];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
