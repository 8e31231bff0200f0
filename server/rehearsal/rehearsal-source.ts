// What a rehearsal plays: an event set-up marked as a rehearsal and its reads, from a results file
// (the results replay's reader and set-up code) or from an existing event's scored reads. Times are
// kept as they were; the player moves them to "now" when it first plays.
import { eventSetupSchema, type EventSetup } from '../../shared/domain';
import { Invalid } from '../domain/errors';
import { dayAfter } from '../../shared/wall-clock';
import type { ScoringSource } from '../live/event-runtime';
import type { TimedReadInput } from '../simulator/feeder';
import { replayReads } from '../replay/read-batches';
import { buildReplayEvent } from '../replay/replay-event';
import { parseResultsFile, ResultsFileError } from '../replay/results-file';

/** A source that cannot be played: the file or the event is not usable. */
const unplayable = (message: string) => new Invalid(null, message, true);

export interface RehearsalSource {
  setup: EventSetup;
  /** In time order. */
  reads: TimedReadInput[];
  /** The earliest gun: the moment the player moves to "now". */
  firstGun: number;
  description: string;
}

const DAY = '2000-01-01';

export interface ResultsFileOptions {
  eventId: string;
  name: string;
  sample?: number;
  today: number;
  /** Marked as a rehearsal (the default); the results demo is not one. */
  rehearsal?: boolean;
  timeZone?: string;
}

export function fromResultsFile(csv: string, options: ResultsFileOptions): RehearsalSource {
  let file;
  try {
    file = parseResultsFile(csv);
  } catch (err) {
    if (err instanceof ResultsFileError) throw unplayable(`results file: ${err.message}`);
    throw err;
  }
  if (options.sample !== undefined) file = { ...file, rows: file.rows.slice(0, options.sample) };
  if (file.rows.length === 0) throw unplayable('results file: no runner left to play');
  const date = new Date(options.today).toISOString().slice(0, 10);
  let event;
  try {
    event = buildReplayEvent(file, { eventId: options.eventId, name: options.name, date, timeZone: options.timeZone, firstGun: Date.parse(`${date}T00:00:00Z`), seed: 1 });
  } catch (err) {
    throw unplayable((err as Error).message);
  }
  const reads = replayReads(event, file.columns.splits.map((s) => s.header))
    .map((r) => ({ point: r.point, bib: r.bib, time: r.time, readId: r.readId }))
    .sort((a, b) => a.time - b.time);
  return finish({ ...event.setup, rehearsal: options.rehearsal ?? true }, reads, `results file, ${event.runners.length} runners`);
}

export function fromEvent(source: ScoringSource, options: { eventId: string; name: string }): RehearsalSource {
  const reads: TimedReadInput[] = [];
  for (const { bib } of source.event.entrants) {
    for (const r of source.readsOf(bib)) reads.push({ point: r.point, bib, time: source.correctedTime(r), readId: `r${r.seq}` });
  }
  reads.sort((a, b) => a.time - b.time);
  const setup = { ...source.event, id: options.eventId, name: options.name, rehearsal: true };
  return finish(setup, reads, `event "${source.event.id}", ${source.event.entrants.length} runners`);
}

function finish(setup: EventSetup, reads: TimedReadInput[], description: string): RehearsalSource {
  const parsed = eventSetupSchema.safeParse(setup);
  if (!parsed.success) throw unplayable(`the rehearsal event is not valid: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const guns = setup.races.flatMap((r) => [r.gunTime, ...r.waves.map((w) => w.gunTime)]).filter((g): g is number => g !== null);
  const firstGun = guns.length ? Math.min(...guns) : (reads[0]?.time ?? Date.parse(`${DAY}T00:00:00Z`));
  return { setup: parsed.data, reads, firstGun, description };
}

/** The set-up and reads moved by `shiftMs`: the race now starts when the player plays it. */
export function shifted(source: RehearsalSource, shiftMs: number): { setup: EventSetup; reads: TimedReadInput[] } {
  const move = (t: number | null) => (t === null ? null : t + shiftMs);
  const setup: EventSetup = {
    ...source.setup,
    // The day moves with the race, so the reads stay inside the event's window.
    date: dayAfter(source.setup.date, Math.round(shiftMs / 86_400_000)),
    races: source.setup.races.map((r) => ({ ...r, gunTime: move(r.gunTime), waves: r.waves.map((w) => ({ ...w, gunTime: move(w.gunTime) })) })),
  };
  return { setup, reads: source.reads.map((r) => ({ ...r, time: r.time + shiftMs })) };
}
