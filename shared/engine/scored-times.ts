// A runner's read times per timing point as scoring sees them: each device's clock offset added,
// and a backup device's read left out where a main device read the runner. Made for one
// derivation at a time, in arrays reused from runner to runner, so a read leaves no garbage here.
import type { ReadTimes } from './derive-runner';
import { NO_READ, type ReadChain, type RunnerReadStore } from './runner-read-store';

export class ScoredTimes implements ReadTimes {
  private store: RunnerReadStore | null = null;
  /** By the store's point code. */
  private byPoint: number[][] = [];
  private filled: number[][] = [];
  private mainPoints = new Set<number>();

  get(pointId: string): readonly number[] | undefined {
    const code = this.store?.codeOf(pointId);
    const list = code === undefined ? undefined : this.byPoint[code];
    return list !== undefined && list.length > 0 ? list : undefined;
  }

  /** The times of one runner's reads; what an earlier fill gave is gone. */
  fill(store: RunnerReadStore, chain: ReadChain, offsets: ReadonlyMap<string, number>, backups: ReadonlySet<string>): this {
    this.store = store;
    for (const list of this.filled) list.length = 0;
    this.filled.length = 0;
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
      const point = store.pointCode(i);
      if (!corrected) {
        this.insert(point, store.time(i));
        continue;
      }
      const device = store.device(i);
      if (withBackups && device !== null && backups.has(device) && this.mainPoints.has(point)) continue;
      this.insert(point, store.time(i) + (device !== null ? (offsets.get(device) ?? 0) : 0));
    }
    return this;
  }

  private insert(point: number, time: number): void {
    let list = this.byPoint[point];
    if (list === undefined) {
      while (this.byPoint.length <= point) this.byPoint.push([]);
      list = this.byPoint[point];
    }
    if (list.length === 0) this.filled.push(list);
    let i = list.length;
    list.push(time);
    // Sorted as they come: reads of one point are few and nearly always in order.
    while (i > 0 && list[i - 1] > time) {
      list[i] = list[i - 1];
      i--;
    }
    list[i] = time;
  }
}
