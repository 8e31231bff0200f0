// A scheduler that records each timer with its delay: the test sees which timers are armed and
// runs the one it means (or all of them), instead of sleeping through them.
import type { Scheduler } from '../../shared/clock';

export interface RecordedTimer {
  ms: number;
  task: () => void;
  cancelled: boolean;
}

export class RecordingScheduler implements Scheduler {
  timers: RecordedTimer[] = [];

  after(ms: number, task: () => void): () => void {
    const timer = { ms, task, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  live(): RecordedTimer[] {
    return this.timers.filter((t) => !t.cancelled);
  }

  /** Run the armed timer of `ms`. */
  run(ms: number): void {
    const timer = this.live().find((t) => t.ms === ms);
    if (!timer) throw new Error(`no timer of ${ms} ms (live: ${this.live().map((t) => t.ms).join(', ')})`);
    timer.cancelled = true;
    timer.task();
  }

  /** Run every timer armed now (not those they arm). */
  runAll(): void {
    for (const timer of this.live()) {
      timer.cancelled = true;
      timer.task();
    }
  }
}
