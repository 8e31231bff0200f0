// Time and timers handed to logic from outside, so tests can pin the one and drive the other.
export type Clock = () => number;

export interface Scheduler {
  /** Run `task` once after `ms`; the returned function cancels it. */
  after(ms: number, task: () => void): () => void;
}

export const systemClock: Clock = () => Date.now();

export const timerScheduler: Scheduler = {
  after(ms, task) {
    const timer = setTimeout(task, ms);
    return () => clearTimeout(timer);
  },
};
