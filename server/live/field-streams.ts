// The course map's stream per race, on every instance: while anyone has the map of a race open,
// the runners its deltas touched are gathered and, at most once a window (a second), ONE binary
// update of them is encoded and sent to the race's field room. A snapshot is what that room was
// last sent (encoded once per update, however many maps open), so the next update follows it.
// Private entrants are never in it; phone-tracker fixes are kept for the snapshots.
import type { Scheduler } from '../../shared/clock';
import { encodeField, type FieldPosition, type FieldRow } from '../../shared/field-stream';
import type { FieldPacket, RunnerPosition } from '../../shared/socket-events';
import type { EventMirror } from './event-mirror';
import { isPublic } from './public-view';
import { fieldRoom } from './rooms';


export const FIELD_WINDOW_MS = 1000;

export interface FieldStreamDeps {
  scheduler: Scheduler;
  mirror(eventId: string): EventMirror | undefined;
  /** Whether anyone on this instance is in the room. */
  listened(room: string): boolean;
  send(room: string, packet: FieldPacket): void;
  windowMs?: number;
}

interface RaceStream {
  eventId: string;
  raceId: string;
  seq: number;
  indexOf: Map<string, number>;
  /** What the room was last sent, per index: the snapshot is built from it. */
  sent: Map<number, FieldRow>;
  changed: Set<string>;
  /** Every bib of the race is to be compared again (after a fresh state was loaded). */
  full: boolean;
  cancel: (() => void) | null;
  snapshot: Uint8Array | null;
}

const key = (eventId: string, raceId: string) => `${eventId}\u0000${raceId}`;

/** The fields of a row the stream sends, copied: a mirror's row objects are replaced, not kept. */
function fieldRowOf(r: FieldRow): FieldRow {
  return {
    bib: r.bib,
    status: r.status,
    private: r.private,
    lastDistance: r.lastDistance,
    lastTime: r.lastTime,
    lastNet: r.lastNet,
    startTime: r.startTime,
    nextEta: r.nextEta,
    nextEtaRange: r.nextEtaRange,
    flags: r.flags,
  };
}

export class FieldStreams {
  private streams = new Map<string, RaceStream>();
  /** The latest phone-tracker fix per race and bib, kept whether or not a map is open. */
  private fixes = new Map<string, Map<string, RunnerPosition>>();

  constructor(private deps: FieldStreamDeps) {}

  /** The snapshot for a new subscriber; undefined for a race the mirror does not have. */
  snapshot(eventId: string, raceId: string): FieldPacket | undefined {
    const mirror = this.deps.mirror(eventId);
    if (!mirror || mirror.seq(raceId) === undefined) return undefined;
    let stream = this.streams.get(key(eventId, raceId));
    if (!stream) {
      stream = { eventId, raceId, seq: 1, indexOf: new Map(), sent: new Map(), changed: new Set(), full: false, cancel: null, snapshot: null };
      this.streams.set(key(eventId, raceId), stream);
      for (const r of mirror.runners(raceId)) {
        if (!isPublic(r)) continue;
        const index = stream.indexOf.size;
        stream.indexOf.set(r.bib, index);
        stream.sent.set(index, fieldRowOf(r));
      }
    }
    stream.snapshot ??= this.encodeSnapshot(stream);
    return { eventId, raceId, seq: stream.seq, data: stream.snapshot };
  }

  /** Runners a delta touched (removed ones included); sent with the next window's update. */
  changed(eventId: string, raceId: string, bibs: Iterable<string>): void {
    const stream = this.streams.get(key(eventId, raceId));
    if (!stream) return;
    for (const bib of bibs) stream.changed.add(bib);
    this.schedule(stream);
  }

  /** A fresh state of the event was loaded: every runner of its streams is compared again. */
  reloaded(eventId: string): void {
    for (const stream of this.streams.values()) {
      if (stream.eventId !== eventId) continue;
      stream.full = true;
      this.schedule(stream);
    }
  }

  /** Remember a phone-tracker fix for snapshots; false for a runner spectators may not see. */
  position(position: RunnerPosition): boolean {
    const runner = this.deps.mirror(position.eventId)?.runner(position.bib);
    if (!runner || !isPublic(runner) || runner.raceId !== position.raceId) return false;
    const k = key(position.eventId, position.raceId);
    let race = this.fixes.get(k);
    if (!race) this.fixes.set(k, (race = new Map()));
    race.set(position.bib, position);
    const stream = this.streams.get(k);
    if (stream) stream.snapshot = null;
    return true;
  }

  /** Stop every pending window (the server is closing). */
  close(): void {
    for (const stream of this.streams.values()) stream.cancel?.();
    this.streams.clear();
  }

  private schedule(stream: RaceStream): void {
    // One window from the first change after an update: updates are a window apart at least.
    if (stream.cancel) return;
    stream.cancel = this.deps.scheduler.after(this.deps.windowMs ?? FIELD_WINDOW_MS, () => {
      stream.cancel = null;
      this.flush(stream);
    });
  }

  private flush(stream: RaceStream): void {
    const room = fieldRoom(stream.eventId, stream.raceId);
    const mirror = this.deps.mirror(stream.eventId);
    // Nobody has this map open any more: the stream goes, and a new subscriber starts a new one.
    if (!mirror || !this.deps.listened(room)) {
      this.streams.delete(key(stream.eventId, stream.raceId));
      return;
    }
    const bibs = stream.full ? new Set([...stream.indexOf.keys(), ...[...mirror.runners(stream.raceId)].map((r) => r.bib)]) : stream.changed;
    stream.full = false;
    stream.changed = new Set();
    const entries: [number, string][] = [];
    const runners: { index: number; row: FieldRow }[] = [];
    const removed: number[] = [];
    const fixes = this.fixes.get(key(stream.eventId, stream.raceId));
    for (const bib of bibs) {
      const row = mirror.runner(bib);
      let index = stream.indexOf.get(bib);
      if (row && row.raceId === stream.raceId && isPublic(row)) {
        if (index === undefined) stream.indexOf.set(bib, (index = stream.indexOf.size));
        // A bib is sent as text whenever its runner (re)appears: a snapshot lists only those present.
        if (!stream.sent.has(index)) entries.push([index, bib]);
        const fieldRow = fieldRowOf(row);
        stream.sent.set(index, fieldRow);
        runners.push({ index, row: fieldRow });
      } else {
        fixes?.delete(bib);
        if (index !== undefined && stream.sent.delete(index)) removed.push(index);
      }
    }
    if (runners.length === 0 && removed.length === 0) return;
    stream.seq += 1;
    stream.snapshot = null;
    const data = encodeField({ kind: 'update', seq: stream.seq, entries, runners, removed, positions: [] });
    this.deps.send(room, { eventId: stream.eventId, raceId: stream.raceId, seq: stream.seq, data });
  }

  private encodeSnapshot(stream: RaceStream): Uint8Array {
    const entries: [number, string][] = [];
    const runners: { index: number; row: FieldRow }[] = [];
    for (const [index, row] of stream.sent) {
      entries.push([index, row.bib]);
      runners.push({ index, row });
    }
    const positions: FieldPosition[] = [];
    for (const fix of this.fixes.get(key(stream.eventId, stream.raceId))?.values() ?? []) {
      const index = stream.indexOf.get(fix.bib);
      if (index !== undefined && stream.sent.has(index)) positions.push({ index, distance: fix.distance, time: fix.time, speed: fix.speed });
    }
    return encodeField({ kind: 'snapshot', seq: stream.seq, entries, runners, removed: [], positions });
  }
}
