// What the race engine publishes: runner rows, splits, counters and deltas.
import type { Gender } from './domain';
import type { RunnerStatus } from './board/statuses';

export type { RunnerStatus };

export interface Split {
  point: string;
  name: string;
  /** Metres from the start line. */
  distance: number;
  /** Lap number, for lap-mat passings. */
  lap?: number;
  /** Epoch ms at the mat. */
  time: number;
  /** Elapsed ms from the gun. */
  gun: number | null;
  /** Elapsed ms from the runner's own start (chip time); null while no start is known. */
  net: number | null;
  /** Seconds per km over the segment that ends here. */
  segmentPace: number | null;
  /** True for a lap the mat missed, put in from the runner's lap times. */
  inferred?: boolean;
  /** Place in the race at this mat (by the race's ranking time there); in runner-page answers only. */
  place?: number | null;
}

/** One runner as a leaderboard row; everything the order and the filters need. */
export interface RunnerRow {
  bib: string;
  /** Null for a private entrant in what spectators receive. */
  name: string | null;
  gender: Gender;
  ageGroup: string | null;
  country: string | null;
  raceId: string;
  status: RunnerStatus;
  private: boolean;
  /** Furthest timing point passed. */
  lastPoint: string | null;
  lastDistance: number;
  /** Epoch ms at the furthest point. */
  lastTime: number | null;
  /** Net and gun elapsed ms at the furthest point. */
  lastNet: number | null;
  lastGun: number | null;
  /** Epoch ms of the runner's own start (start mat, or the gun). */
  startTime: number | null;
  /** Finish times in ms, when finished. */
  netTime: number | null;
  gunTime: number | null;
  laps: number | null;
  /** Average pace so far, s/km. */
  pace: number | null;
  /** Projected net finish ms, while on course. */
  projectedNet: number | null;
  /** 80 % range of the net finish ms [low, high], published with the projection. */
  projectedRange: [number, number] | null;
  /** Projected epoch ms at the next timing point, while on course. */
  nextPoint: string | null;
  nextEta: number | null;
  /** 80 % range of the epoch ms at the next timing point [low, high]. */
  nextEtaRange: [number, number] | null;
  /** Anomalies found in the reads (e.g. impossible pace); results stay provisional while any remain. */
  flags: string[];
}

export interface RunnerDetail extends RunnerRow {
  splits: Split[];
  waveId: string | null;
}

export interface Places {
  overall: number;
  gender: number;
  ageGroup: number | null;
}

export interface RaceCounters {
  registered: number;
  started: number;
  onCourse: number;
  finished: number;
  dnf: number;
  dns: number;
  dq: number;
}

/** The change of one race since its previous delta, as it travels on the bus. */
export interface RaceDelta {
  eventId: string;
  raceId: string;
  seq: number;
  counters: RaceCounters;
  runners: RunnerDetail[];
  /** Bibs that left this race (moved to another race). */
  removed: string[];
}

export interface RaceSnapshot {
  eventId: string;
  raceId: string;
  seq: number;
  counters: RaceCounters;
  runners: RunnerRow[];
}

export interface LeaderboardEntry extends RunnerRow {
  places: Places | null;
}
