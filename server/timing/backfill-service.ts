// Store a backfill file's reads through the equipment path and report what they changed.
import type { EventRuntime } from '../live/event-runtime';
import type { Device, DeviceTokens } from '../storage/device-tokens';
import { parseBackfill, type BackfillRow } from './backfill-csv';
import type { TimingIngest } from './timing-ingest';

export interface BackfillReport {
  rows: number;
  accepted: number;
  /** Reads already stored (same read id, or same point, chip or bib and time). */
  duplicates: number;
  unmatched: number;
  rejected: { line: number; message: string }[];
  /** Runners whose splits or times the file changed, before → after. */
  runners: { bib: string; raceId: string; splitsBefore: number; splitsAfter: number; status: string; netTime: number | null }[];
}

export function runBackfill(csv: string, uploader: Device, deps: { timing: TimingIngest; runtime: EventRuntime; devices: DeviceTokens; now: number }): BackfillReport {
  const eventId = uploader.eventId;
  const setup = deps.runtime.setup(eventId);
  if (!setup) throw new Error(`event ${eventId} is not loaded`);
  const { rows, rejected } = parseBackfill(csv, uploader, deps.devices.list(eventId), setup);
  const report: BackfillReport = { rows: rows.length + rejected.length, accepted: 0, duplicates: 0, unmatched: 0, rejected, runners: [] };

  const bibs = new Set(rows.flatMap((r) => (r.bib !== null ? [r.bib] : [])));
  const before = new Map([...bibs].map((bib) => [bib, deps.runtime.runner(eventId, bib)] as const));

  const byDevice = new Map<string, BackfillRow[]>();
  for (const row of rows) {
    const list = byDevice.get(row.device.id) ?? [];
    list.push(row);
    byDevice.set(row.device.id, list);
  }
  for (const group of byDevice.values()) {
    const result = deps.timing.storePassingsNow(group[0].device, group.map((r) => r.passing), deps.now);
    report.accepted += result.accepted;
    report.duplicates += result.duplicates;
    report.unmatched += result.unmatched;
    for (const r of [...result.unmapped, ...result.rejected]) report.rejected.push({ line: group[r.index].line, message: r.message });
  }
  report.rejected.sort((a, b) => a.line - b.line);

  for (const bib of bibs) {
    const old = before.get(bib);
    const now = deps.runtime.runner(eventId, bib);
    if (!now) continue;
    if (old && old.splits.length === now.splits.length && old.netTime === now.netTime && old.lastTime === now.lastTime) continue;
    report.runners.push({ bib, raceId: now.raceId, splitsBefore: old?.splits.length ?? 0, splitsAfter: now.splits.length, status: now.status, netTime: now.netTime });
  }
  // Standings go out now rather than at the end of the coalescing window.
  deps.runtime.publishNow();
  return report;
}
