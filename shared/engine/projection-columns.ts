// The projections runners on course were last published with, as columns of typed arrays indexed
// like the set-up's entrants: how an engine snapshot carries them. A major has tens of thousands
// of runners on course; an object (and two arrays) each made the snapshot's header most of its
// garbage. Values are kept exactly (float64), nulls by flag.
import type { RunnerDetail } from '../views';
import type { PublishedProjection } from './derive-runner';

export interface ProjectionColumns {
  /** Per entrant: FLAG bits; 0 for a runner not on course (nothing published to keep). */
  flags: Uint8Array;
  net: Float64Array;
  rangeLow: Float64Array;
  rangeHigh: Float64Array;
  eta: Float64Array;
  etaLow: Float64Array;
  etaHigh: Float64Array;
  /** Index into `points`; -1 for none. */
  nextPoint: Int32Array;
  points: string[];
}

const FLAG = { onCourse: 1, net: 2, range: 4, eta: 8, etaRange: 16 } as const;

/** The columns of `details` (undefined: no runner at that index). */
export function projectionColumns(details: readonly (RunnerDetail | undefined)[]): ProjectionColumns {
  const n = details.length;
  const c: ProjectionColumns = {
    flags: new Uint8Array(n),
    net: new Float64Array(n),
    rangeLow: new Float64Array(n),
    rangeHigh: new Float64Array(n),
    eta: new Float64Array(n),
    etaLow: new Float64Array(n),
    etaHigh: new Float64Array(n),
    nextPoint: new Int32Array(n).fill(-1),
    points: [],
  };
  const pointIndex = new Map<string, number>();
  details.forEach((d, i) => {
    if (d?.status !== 'onCourse') return;
    let flags: number = FLAG.onCourse;
    if (d.projectedNet !== null) (flags |= FLAG.net), (c.net[i] = d.projectedNet);
    if (d.projectedRange !== null) (flags |= FLAG.range), (c.rangeLow[i] = d.projectedRange[0]), (c.rangeHigh[i] = d.projectedRange[1]);
    if (d.nextEta !== null) (flags |= FLAG.eta), (c.eta[i] = d.nextEta);
    if (d.nextEtaRange !== null) (flags |= FLAG.etaRange), (c.etaLow[i] = d.nextEtaRange[0]), (c.etaHigh[i] = d.nextEtaRange[1]);
    if (d.nextPoint !== null) {
      let p = pointIndex.get(d.nextPoint);
      if (p === undefined) pointIndex.set(d.nextPoint, (p = c.points.push(d.nextPoint) - 1));
      c.nextPoint[i] = p;
    }
    c.flags[i] = flags;
  });
  return c;
}

/** The projection published for the entrant at `i`, or undefined when they were not on course. */
export function projectionAt(c: ProjectionColumns, i: number): PublishedProjection | undefined {
  const flags = c.flags[i];
  if (!(flags & FLAG.onCourse)) return undefined;
  return {
    projectedNet: flags & FLAG.net ? c.net[i] : null,
    projectedRange: flags & FLAG.range ? [c.rangeLow[i], c.rangeHigh[i]] : null,
    nextPoint: c.nextPoint[i] >= 0 ? c.points[c.nextPoint[i]] : null,
    nextEta: flags & FLAG.eta ? c.eta[i] : null,
    nextEtaRange: flags & FLAG.etaRange ? [c.etaLow[i], c.etaHigh[i]] : null,
  };
}
