// A log line that anyone outside can cause (a designed refusal, a bad read sent again and again)
// must not let them fill the log: the first few lines of a window are written, the rest counted
// and summed up in one line when the next window opens.
import type { Logger } from 'pino';

export interface ThrottleOptions {
  /** Lines written per window; the rest are counted. */
  perWindow: number;
  windowMs: number;
  now: () => number;
}

export class ThrottledLog {
  private windowStart = Number.NEGATIVE_INFINITY;
  private written = 0;
  private suppressed = 0;

  constructor(
    private log: Logger,
    private level: 'warn' | 'info',
    private message: string,
    private options: ThrottleOptions,
  ) {}

  note(fields: object): void {
    const now = this.options.now();
    if (now - this.windowStart >= this.options.windowMs) {
      if (this.suppressed > 0) this.log[this.level]({ suppressed: this.suppressed, overMs: now - this.windowStart }, `${this.message} (${this.suppressed} more not logged)`);
      this.windowStart = now;
      this.written = 0;
      this.suppressed = 0;
    }
    if (this.written < this.options.perWindow) {
      this.written++;
      this.log[this.level](fields, this.message);
    } else this.suppressed++;
  }
}
