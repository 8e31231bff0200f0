// A runner's read times per timing point as scoring sees them: each device's clock offset added,
// and a backup device's read left out where a main device read the runner. Made for one
// derivation at a time in arrays kept from runner to runner: a point read once (nearly every
// point) reuses its array of one, so a derivation allocates nothing here.
import type { ReadTimes } from './derive-runner';
import { NO_READ, type ReadChain, type RunnerReadStore } from './runner-read-store';

export class ScoredTimes implements ReadTimes {
  private store: RunnerReadStore | null = null;
  /** Which fill this is: a point's entry counts only when stamped with it. */
  private fillNumber = 0;
  /** By the store's point code: the fill that last stamped it, its times, and its array of one. */
  private stamps: number[] = [];
  private times: number[][] = [];
  private ones: number[][] = [];
  private mainPoints = new Set<number>();

  get(pointId: string): readonly number[] | undefined {
    const code = this.store?.codeOf(pointId);
    return code !== undefined && this.stamps[code] === this.fillNumber ? this.times[code] : undefined;
  }

  /** The times of one runner's reads; what an earlier fill gave is gone. */
  fill(store: RunnerReadStore, chain: ReadChain, offsets: ReadonlyMap<string, number>, backups: ReadonlySet<string>): this {
    this.store = store;
    this.fillNumber++;
    this.visit(store, chain, offsets, backups, (i, time) => this.add(store.pointCode(i), time));
    return this;
  }

  /** One runner's reads as scored, in time order (then by point): what time travel replays. */
  list(store: RunnerReadStore, chain: ReadChain, offsets: ReadonlyMap<string, number>, backups: ReadonlySet<string>): { point: string; time: number }[] {
    const out: { point: string; time: number }[] = [];
    this.visit(store, chain, offsets, backups, (i, time) => out.push({ point: store.point(i), time }));
    return out.sort(byTimeThenPoint);
  }

  /** The scoring rule, once: each read that counts, with its time corrected. */
  private visit(store: RunnerReadStore, chain: ReadChain, offsets: ReadonlyMap<string, number>, backups: ReadonlySet<string>, use: (i: number, time: number) => void): void {
    const withBackups = backups.size > 0;
    if (withBackups) {
      this.mainPoints.clear();
      for (let i = chain.first; i !== NO_READ; i = store.next(i)) {
        const device = store.device(i);
        if (device === null || !backups.has(device)) this.mainPoints.add(store.pointCode(i));
      }
    }
    const corrected = offsets.size > 0 || withBackups;
    for (let i = chain.first; i !== NO_READ; i = store.next(i)) {
      if (!corrected) {
        use(i, store.time(i));
        continue;
      }
      const device = store.device(i);
      if (withBackups && device !== null && backups.has(device) && this.mainPoints.has(store.pointCode(i))) continue;
      use(i, store.time(i) + (device !== null ? (offsets.get(device) ?? 0) : 0));
    }
  }

  private add(point: number, time: number): void {
    while (this.stamps.length <= point) {
      this.stamps.push(0);
      this.times.push([]);
      this.ones.push([0]);
    }
    if (this.stamps[point] !== this.fillNumber) {
      this.stamps[point] = this.fillNumber;
      const one = this.ones[point];
      one[0] = time;
      this.times[point] = one;
      return;
    }
    // A second read at the point: an array of this fill's own, sorted as the reads come.
    let list = this.times[point];
    if (list === this.ones[point]) this.times[point] = list = [list[0]];
    let i = list.length;
    list.push(time);
    while (i > 0 && list[i - 1] > time) {
      list[i] = list[i - 1];
      i--;
    }
    list[i] = time;
  }
}

export function byTimeThenPoint(a: { point: string; time: number }, b: { point: string; time: number }): number {
  return a.time - b.time || (a.point < b.point ? -1 : a.point > b.point ? 1 : 0);
}
