// The past is scored by the live rules, and grows with the race: a Boston sample fed to a real
// engine in race-clock order, its timeline following after every "publication" as on the primary,
// with a backup device, a clock offset, a set-aside read, a DQ, a move and privacy changes. At the
// last moment the past equals the live race; before a set-up change, the change is not there yet.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EventEngine } from '../shared/engine/event-engine';
import { Timeline } from '../shared/engine/time-travel';
import type { EventSetup } from '../shared/domain';
import type { StoredRead } from '../shared/reads';
import { seededRandom } from '../shared/random';
import { History, scoredReads } from '../server/live/history';
import { placesAtSplits } from '../shared/board/split-places';
import { parseResultsFile } from '../server/replay/results-file';
import { buildReplayEvent, RACE_ID } from '../server/replay/replay-event';
import { replayReads } from '../server/replay/read-batches';

const EVENT = 'boston-sample';
const BACKUP = 'backup-10k';
const SLOW_CLOCK = 'main-20k';

function bostonSample(n: number) {
  const file = parseResultsFile(readFileSync(path.resolve(__dirname, '../datasets/boston/2017.csv'), 'utf8'));
  const random = seededRandom(33);
  const bibs = new Set(file.rows.map((r) => r.bib).filter(() => random() < n / file.rows.length));
  const event = buildReplayEvent(file, { eventId: EVENT, name: 'Boston sample', date: '2017-04-17', firstGun: Date.parse('2017-04-17T14:00:00Z'), seed: 2017 });
  event.runners = event.runners.filter((r) => bibs.has(r.row.bib));
  const setup: EventSetup = { ...event.setup, entrants: event.setup.entrants.filter((e) => bibs.has(e.bib)).map((e, i) => ({ ...e, private: i % 50 === 7 })) };
  event.setup = setup;
  const mat10k = event.splitPoints[file.columns.splits.findIndex((s) => s.header === '10K')];
  const mat20k = event.splitPoints[file.columns.splits.findIndex((s) => s.header === '20K')];
  let seq = 0;
  const reads: StoredRead[] = [];
  for (const r of replayReads(event, file.columns.splits.map((s) => s.header))) {
    // The 20 km mat's clock runs 30 s behind: its reads come in early by that much, an offset corrects them.
    const device = r.point === mat20k ? SLOW_CLOCK : `main-${r.point}`;
    reads.push({ seq: ++seq, point: r.point, bib: r.bib, chip: null, time: r.point === mat20k ? r.time - 30_000 : r.time, device });
    // A backup mat at 10 km reads every fifth runner a minute before the main mat does.
    if (r.point === mat10k && Number(r.bib) % 5 === 0) reads.push({ seq: ++seq, point: r.point, bib: r.bib, chip: null, time: r.time - 60_000, device: BACKUP });
  }
  reads.sort((a, b) => a.time - b.time || a.seq - b.seq);
  return { setup, reads, mat10k };
}

describe('time travel on a Boston sample, followed as the race runs', () => {
  const { setup, reads, mat10k } = bostonSample(400);
  const engine = new EventEngine(setup);
  engine.setBackupDevice(BACKUP, true);
  engine.setClockOffset(SLOW_CLOCK, 30_000);
  let clock = reads[0].time;
  const history = new History((id) => (id === EVENT ? engine : undefined), { now: () => clock });
  let firstTimeline: Timeline;
  const bibs = setup.entrants.map((e) => e.bib);
  const dqBib = bibs[3];
  const movedBib = bibs[4];
  const madePrivate = bibs[5];
  let dqAt = 0;
  let setAsideRead: StoredRead;

  beforeAll(() => {
    firstTimeline = history.timeline(EVENT) as Timeline;
    expect(firstTimeline).toBeInstanceOf(Timeline);
    // Race-clock order, one publication (catch-up) per 250 ms of race clock at 60×: 15 s of race.
    let next = reads[0].time + 15_000;
    const half = reads[Math.floor(reads.length / 2)].time;
    for (const read of reads) {
      if (read.time > next) {
        clock = next;
        history.catchUpAll([EVENT]);
        next += 15_000;
      }
      engine.applyLogged(read);
      if (dqAt === 0 && read.time >= half) {
        // Race control, half-way: a DQ, a runner moved to another race, a runner made private.
        clock = read.time;
        dqAt = clock;
        const s = engine.event;
        const other = { ...s.races[0], id: 'other', name: 'Other race' };
        engine.replaceSetup({
          ...s,
          races: [...s.races, other],
          entrants: s.entrants.map((e) =>
            e.bib === dqBib ? { ...e, status: 'dq' as const } : e.bib === movedBib ? { ...e, raceId: 'other' } : e.bib === madePrivate ? { ...e, private: true } : e,
          ),
        });
        // As saveSetup does: the set-up change is published (and followed) at once.
        history.catchUpAll([EVENT]);
      }
    }
    // A read race control set aside: the runner's 10 km read.
    setAsideRead = reads.find((r) => r.bib === bibs[6] && r.point === mat10k && r.device !== BACKUP)!;
    engine.removeRead(setAsideRead);
    clock = reads[reads.length - 1].time;
    history.catchUpAll([EVENT]);
  }, 120_000);

  it('grows one timeline: never built again during the race', () => {
    expect(history.timeline(EVENT)).toBe(firstTimeline);
    expect(firstTimeline.to).toBe(reads[reads.length - 1].time);
  });

  it('at the last moment equals the live race: places, statuses, counters, for every filter', () => {
    const timeline = history.timeline(EVENT) as Timeline;
    const at = timeline.to!;
    const genders = [...new Set(setup.entrants.map((e) => e.gender))];
    const groups = [...new Set(engine.standings(RACE_ID).map((r) => r.ageGroup).filter((g): g is string => g !== null))];
    const countries = [...new Set(setup.entrants.map((e) => e.country).filter((c): c is string => !!c))].slice(0, 5);
    const filters = [{}, ...genders.map((gender) => ({ gender })), ...groups.map((ageGroup) => ({ ageGroup })), ...countries.map((country) => ({ country }))];
    expect(filters.length).toBeGreaterThan(8);
    for (const raceId of [RACE_ID, 'other']) {
      for (const filter of filters) {
        const past = timeline.leaderboardAt(raceId, at, filter)!;
        const live = engine.leaderboard(raceId, filter);
        expect(past.total, JSON.stringify(filter)).toBe(live.total);
        expect(past.entries, JSON.stringify(filter)).toEqual(live.entries.map(({ splits: _s, waveId: _w, ...row }: any) => row));
        expect(past.counters).toEqual(engine.counters(raceId));
      }
    }
  });

  it('at the last moment each runner equals the live one, splits, projection and places at each mat included', () => {
    const timeline = history.timeline(EVENT) as Timeline;
    for (const bib of bibs) expect(timeline.runnerAt(bib, timeline.to!), bib).toEqual(engine.runner(bib));
    for (const bib of bibs.slice(0, 40)) {
      const live = engine.runner(bib)!;
      expect(timeline.splitPlacesAt(timeline.runnerAt(bib, timeline.to!)!, timeline.to!), bib).toEqual(placesAtSplits(live, engine.standings(live.raceId)));
    }
  });

  it('scores the backup rule, the clock offset and the set-aside read as live does', () => {
    const timeline = history.timeline(EVENT) as Timeline;
    const backedUp = bibs.find((b) => Number(b) % 5 === 0 && reads.some((r) => r.bib === b && r.device === BACKUP))!;
    const backup = reads.find((r) => r.bib === backedUp && r.device === BACKUP)!;
    // Between the backup's read and the main mat's, the runner has not reached 10 km: the main read scores.
    const between = timeline.runnerAt(backedUp, backup.time + 30_000)!;
    expect(between.splits.map((s) => s.point)).not.toContain(mat10k);
    expect(timeline.runnerAt(backedUp, backup.time + 61_000)!.splits.find((s) => s.point === mat10k)!.time).toBe(backup.time + 60_000);
    expect(timeline.runnerAt(bibs[6], timeline.to!)!.splits.map((s) => s.point)).not.toContain(mat10k);
    // The slow clock's reads count at their corrected time.
    const slow = reads.find((r) => r.device === SLOW_CLOCK)!;
    expect(timeline.runnerAt(slow.bib!, slow.time + 1_000)!.splits.map((s) => s.time)).not.toContain(slow.time);
    expect(timeline.runnerAt(slow.bib!, slow.time + 30_000)!.splits.map((s) => s.time)).toContain(slow.time + 30_000);
  });

  it('takes set-up changes from their moment: DQ, move, privacy', () => {
    const timeline = history.timeline(EVENT) as Timeline;
    expect(timeline.runnerAt(dqBib, dqAt - 1)!.status).not.toBe('dq');
    expect(timeline.runnerAt(dqBib, dqAt)!.status).toBe('dq');
    expect(timeline.leaderboardAt(RACE_ID, dqAt - 1)!.entries.map((e) => e.bib)).toContain(movedBib);
    expect(timeline.leaderboardAt(RACE_ID, dqAt)!.entries.map((e) => e.bib)).not.toContain(movedBib);
    expect(timeline.leaderboardAt('other', dqAt)!.entries.map((e) => e.bib)).toEqual([movedBib]);
    expect(timeline.runnerAt(madePrivate, dqAt - 1)!.private).toBe(false);
    expect(timeline.runnerAt(madePrivate, dqAt)!.private).toBe(true);
    expect(timeline.leaderboardAt(RACE_ID, dqAt - 1, {}, 0, Infinity, true)!.entries.map((e) => e.bib)).toContain(madePrivate);
    expect(timeline.leaderboardAt(RACE_ID, dqAt, {}, 0, Infinity, true)!.entries.map((e) => e.bib)).not.toContain(madePrivate);
  });

  it('patches from a late read: the same order as a timeline built from scratch', () => {
    const timeline = history.timeline(EVENT) as Timeline;
    const late = { ...reads.find((r) => r.bib === bibs[6] && r.point === mat10k && r.device !== BACKUP)!, seq: 10_000_000, time: setAsideRead.time + 5_000 };
    engine.applyLogged(late);
    const version = timeline.version;
    history.catchUpAll([EVENT]);
    expect(timeline.changedSince(version)).toBe(late.time);
    const fresh = Timeline.build(engine.event, scoredReads(engine));
    for (const share of [0.3, 0.6, 0.95]) {
      const at = timeline.from! + (timeline.to! - timeline.from!) * share;
      const order = (t: Timeline) => t.leaderboardAt(RACE_ID, Math.max(at, dqAt))!.entries.map((e) => [e.bib, e.status, e.places, e.lastPoint]);
      expect(order(timeline)).toEqual(order(fresh));
    }
  });
});
