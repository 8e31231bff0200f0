// "Now" for projections. A replayed or sped-up race can be ahead of the wall clock,
// so now is the later of the wall clock and the latest read seen, advanced by wall time since.
import type { Clock } from './clock';

export class RaceClock {
  private seenAt = 0;
  private seen = 0;

  constructor(private wall: Clock) {}

  observe(readTime: number): void {
    if (readTime > this.now()) {
      this.seen = readTime;
      this.seenAt = this.wall();
    }
  }

  now(): number {
    const wall = this.wall();
    return Math.max(wall, this.seen + (wall - this.seenAt));
  }
}
