// Records what Splitcast published to spectators right after each replayed read was applied: a
// Socket.IO client subscribed to the race, like a spectator's browser. The driver marks a runner
// as expected before it posts the runner's read and never has two of a runner's reads unpublished
// at once, so the first update that carries the runner after the post is the one that read made.
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, RaceUpdate, ServerToClientEvents } from '../../shared/socket-events';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Expected {
  column: string | null;
  resolve: () => void;
  promise: Promise<void>;
}

export class ProjectionRecorder {
  /** Per bib, per split column: the projected net finish (ms) published after that read; null when none was. */
  readonly projections = new Map<string, Map<string, number | null>>();
  /** Per bib, per split column: the 80 % range of the net finish (ms) published with that projection. */
  readonly ranges = new Map<string, Map<string, [number, number] | null>>();
  private expected = new Map<string, Expected>();
  private seq = -1;
  /** Updates that did not follow the previous one (a resync would be needed): should stay 0. */
  gaps = 0;
  /** Reads whose update never came within the wait (rejected, or already stored on the server). */
  missed = 0;

  private constructor(private socket: ClientSocket) {}

  /** `clusterToken`: the server's, which lets the recorder follow the whole race. */
  static async open(url: string, eventId: string, raceId: string, clusterToken?: string): Promise<ProjectionRecorder> {
    const socket: ClientSocket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...(clusterToken ? { auth: { clusterToken } } : {}) });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const recorder = new ProjectionRecorder(socket);
    socket.on('race:update', (update) => recorder.receive(update));
    const snapshot = await socket.emitWithAck('race:subscribe', { eventId, raceId });
    if (!snapshot.ok) throw new Error(`cannot follow race ${raceId}: ${snapshot.error}`);
    recorder.seq = snapshot.data.seq;
    return recorder;
  }

  /** Mark a runner's read as about to be posted. */
  expect(bib: string, column: string | null): void {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.expected.set(bib, { column, resolve, promise });
  }

  isExpecting(bib: string): boolean {
    return this.expected.has(bib);
  }

  /** Wait until none of these runners has a read whose update is still to come. */
  async settle(bibs: Iterable<string>, timeoutMs = 10_000): Promise<void> {
    const waiting = [...bibs].flatMap((b) => {
      const e = this.expected.get(b);
      return e ? [{ bib: b, promise: e.promise }] : [];
    });
    if (waiting.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
    const done = await Promise.race([Promise.all(waiting.map((w) => w.promise)).then(() => 'done' as const), timeout]);
    clearTimeout(timer);
    if (done === 'timeout') {
      for (const w of waiting) {
        if (this.expected.has(w.bib)) {
          this.expected.delete(w.bib);
          this.missed++;
        }
      }
    }
  }

  /** Give up on a runner's expected update (its read was rejected). */
  forget(bib: string): void {
    const e = this.expected.get(bib);
    if (!e) return;
    this.expected.delete(bib);
    e.resolve();
  }

  pending(): string[] {
    return [...this.expected.keys()];
  }

  close(): void {
    this.socket.close();
  }

  private receive(update: RaceUpdate): void {
    if (this.seq >= 0 && update.seq !== this.seq + 1) this.gaps++;
    this.seq = update.seq;
    for (const row of update.runners) {
      const e = this.expected.get(row.bib);
      if (!e) continue;
      this.expected.delete(row.bib);
      if (e.column !== null) {
        let byColumn = this.projections.get(row.bib);
        if (!byColumn) this.projections.set(row.bib, (byColumn = new Map()));
        byColumn.set(e.column, row.projectedNet);
        let rangeByColumn = this.ranges.get(row.bib);
        if (!rangeByColumn) this.ranges.set(row.bib, (rangeByColumn = new Map()));
        rangeByColumn.set(e.column, row.projectedRange);
      }
      e.resolve();
    }
  }
}
