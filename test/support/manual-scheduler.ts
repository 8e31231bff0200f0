// A scheduler the test drives: tasks wait until the test runs them, so "after the window" is a
// step the test takes, not a time it sleeps through.
import type { Scheduler } from '../../shared/clock';

export class ManualScheduler implements Scheduler {
  private tasks = new Set<() => void>();
  private waiting: (() => void)[] = [];

  after(_ms: number, task: () => void): () => void {
    const entry = () => task();
    this.tasks.add(entry);
    for (const wake of this.waiting.splice(0)) wake();
    return () => this.tasks.delete(entry);
  }

  pending(): number {
    return this.tasks.size;
  }

  /** Resolves once at least one task is waiting. */
  async untilPending(): Promise<void> {
    if (this.tasks.size > 0) return;
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Run every task waiting now (not those they schedule). */
  runAll(): void {
    const due = [...this.tasks];
    this.tasks.clear();
    for (const task of due) task();
  }
}
