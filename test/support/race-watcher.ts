// A spectator that keeps a race the way the client does: a snapshot, then updates in seq order; a gap
// or a changed set-up means subscribing again. `until` waits for the kept rows to satisfy a check.
import { sequenceStep } from '../../shared/sequence';
import type { RunnerRow } from '../../shared/views';
import type { TestSocket } from './servers';

export class RaceWatcher {
  rows = new Map<string, RunnerRow>();
  seq = -1;
  resubscribes = 0;
  private checks = new Set<() => void>();

  constructor(
    private socket: TestSocket,
    private eventId: string,
    private raceId: string,
  ) {
    socket.on('race:update', (u) => {
      if (u.eventId !== eventId || u.raceId !== raceId) return;
      const step = sequenceStep(this.seq, u.seq);
      if (step === 'duplicate') return;
      if (step === 'gap') return void this.subscribe();
      this.seq = u.seq;
      for (const bib of u.removed) this.rows.delete(bib);
      for (const r of u.runners) this.rows.set(r.bib, r);
      this.changed();
    });
    socket.on('event:changed', (e) => {
      if (e.eventId === eventId) void this.subscribe();
    });
  }

  async subscribe(): Promise<void> {
    this.resubscribes++;
    const res = await this.socket.emitWithAck('race:subscribe', { eventId: this.eventId, raceId: this.raceId });
    if (!res.ok) throw new Error(res.error);
    this.seq = res.data.seq;
    this.rows = new Map(res.data.runners.map((r) => [r.bib, r]));
    this.changed();
  }

  /** Resolves once `check` holds for what the watcher keeps (checked after every change). */
  until(check: (w: RaceWatcher) => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
    return new Promise((resolve, reject) => {
      let running = false;
      let again = false;
      const test = () => {
        if (running) return void (again = true);
        running = true;
        void Promise.resolve(check(this)).then((ok) => {
          running = false;
          if (!ok) {
            if (again) setImmediate(test);
            again = false;
            return;
          }
          clearTimeout(timer);
          this.checks.delete(test);
          resolve();
        });
      };
      const timer = setTimeout(() => {
        this.checks.delete(test);
        reject(new Error(`race ${this.raceId}: condition not reached within ${timeoutMs} ms`));
      }, timeoutMs);
      this.checks.add(test);
      test();
    });
  }

  private changed(): void {
    for (const check of [...this.checks]) check();
  }
}
