// Which changes of a followed runner call for an alert. It keeps, for each followed runner only,
// what was last seen (splits, status, whether the finish estimate went out) and compares each
// change with it. No I/O and no clock. The server runs it on the primary's published deltas (push
// messages); an open page runs it on the socket's runner updates (no push service needed).
import type { AlertKind } from './alerts';
import type { EventInfo } from './domain';
import type { RunnerDetail, RunnerStatus } from './views';

export interface AlertIntent {
  kind: AlertKind;
  eventId: string;
  runner: RunnerDetail;
  /** The split a passing alert is about. */
  splitIndex?: number;
  /** A spot alert: the race distance of the spot, when the runner is expected there, and the range. */
  spot?: { distance: number; eta: number; range: [number, number] | null };
}

interface Seen {
  splits: number;
  status: RunnerStatus;
  /** The "expected at the finish" alert went out. */
  expected: boolean;
}

const key = (eventId: string, bib: string) => `${eventId}\n${bib}`;

export class AlertWatcher {
  private seen = new Map<string, Seen>();

  constructor(private isFollowed: (eventId: string, bib: string) => boolean) {}

  /**
   * A runner starts being followed: what they have done so far is not news. `expectedTold`: the
   * finish estimate already went out (before a restart), so it is not sent again.
   */
  follow(eventId: string, runner: RunnerDetail | undefined, bib: string, expectedTold = false): void {
    const k = key(eventId, bib);
    if (this.seen.has(k)) return;
    this.seen.set(k, runner ? { splits: runner.splits.length, status: runner.status, expected: expectedTold } : { splits: 0, status: 'registered', expected: expectedTold });
  }

  /** Nobody follows the runner any more. */
  forget(eventId: string, bib: string): void {
    this.seen.delete(key(eventId, bib));
  }

  /** What changed runners of an event mean for those who follow them. */
  changed(eventId: string, runners: Iterable<RunnerDetail>, info: EventInfo | undefined): AlertIntent[] {
    const intents: AlertIntent[] = [];
    for (const runner of runners) {
      if (!this.isFollowed(eventId, runner.bib)) continue;
      const k = key(eventId, runner.bib);
      const before = this.seen.get(k);
      const now: Seen = { splits: runner.splits.length, status: runner.status, expected: before?.expected ?? false };
      this.seen.set(k, now);
      // A runner made private is told of to nobody.
      if (!before || runner.private) continue;
      const finishedNow = runner.status === 'finished' && before.status !== 'finished';
      // The finishing passing is told as the finish.
      const lastPassing = finishedNow ? runner.splits.length - 1 : runner.splits.length;
      for (let i = before.splits; i < lastPassing; i++) intents.push({ kind: 'passing', eventId, runner, splitIndex: i });
      if (finishedNow) intents.push({ kind: 'finish', eventId, runner });
      if ((runner.status === 'dnf' || runner.status === 'dq') && before.status !== runner.status) intents.push({ kind: runner.status, eventId, runner });
      if (!now.expected && runner.status === 'onCourse' && runner.nextEtaRange && nextIsFinish(runner, info)) {
        now.expected = true;
        intents.push({ kind: 'expected', eventId, runner });
      }
    }
    return intents;
  }
}

/** Whether the runner's next mat is the finish: the finish point, or the lap mat on the last lap. */
function nextIsFinish(runner: RunnerDetail, info: EventInfo | undefined): boolean {
  const race = info?.races.find((r) => r.id === runner.raceId);
  if (!race || !runner.nextPoint) return false;
  if (race.kind === 'loop') return !!race.loop && runner.nextPoint === race.loop.lapPoint && (runner.laps ?? 0) + 1 >= race.loop.laps;
  return race.timingPoints.find((p) => p.id === runner.nextPoint)?.kind === 'finish';
}
