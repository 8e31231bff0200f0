// The stage of a race (what a stadium screen and an announcer take instead of the whole race) shows
// what the whole race showed: the same leaders, latest finishers, nations and approaching runners,
// within its bounds, and never a private entrant.
import { describe, expect, it } from 'vitest';
import { latestFinishers, nations, topOf } from '../client/src/screen/screen-selectors';
import { approachingOf, latestOf, nationsOf, type RaceStageOf } from '../client/src/screen/stage-selectors';
import { speakerList } from '../client/src/speaker/speaker-list';
import { EventEngine } from '../shared/engine/event-engine';
import { raceStage, STAGE_APPROACHING, STAGE_LEADERS } from '../shared/stage';
import { leaderboard } from '../shared/board/leaderboard';
import { chipRead as read, GUN, min, smallEvent } from './fixtures';

const countries = ['IRN', 'KEN', 'DEU'];
const FIELD = 120;

/** 120 runners in the 10 km, a private one among them; all start, most pass 5 km, some finish. */
function race(): EventEngine {
  const entrants = Array.from({ length: FIELD }, (_, i) => ({
    bib: String(i + 1),
    chip: `C${i + 1}`,
    name: `Runner ${i + 1}`,
    gender: (i % 3 === 0 ? 'F' : 'M') as 'F' | 'M',
    age: 20 + (i % 40),
    country: countries[i % countries.length],
    raceId: '10k',
    private: i === 110,
  }));
  const engine = new EventEngine(smallEvent({ entrants }));
  for (let i = 0; i < FIELD; i++) {
    const chip = `C${i + 1}`;
    engine.applyRead(read('start', chip, GUN + 1_000 * (i % 30)));
    if (i < 100) engine.applyRead(read('5k', chip, GUN + min(18) + 9_000 * i));
    if (i < 25) engine.applyRead(read('finish', chip, GUN + min(37) + 20_000 * i));
  }
  return engine;
}

describe('the stage of a race', () => {
  const engine = race();
  const r = engine.race('10k')!;
  const rows = engine.standings('10k');
  const ordered = leaderboard(rows, { ranking: r.ranking }).entries.filter((e) => !e.private);
  const now = GUN + min(45);
  const stage = raceStage({ eventId: 'test-event', race: r, point: 'finish', seq: 1, counters: engine.counters('10k')!, ordered, lastRead: now, now });
  const stages: RaceStageOf[] = [{ race: r, stage }];
  const publicRows = rows.filter((x) => !x.private);

  it('holds the leaders of each gender as the top panel ranks them', () => {
    for (const gender of ['F', 'M'] as const) {
      const whole = topOf(r, publicRows, gender, STAGE_LEADERS).map((e) => [e.bib, e.places?.gender]);
      const fromStage = topOf(r, stage.leaders, gender, STAGE_LEADERS).map((e) => [e.bib, e.places?.gender]);
      expect(fromStage).toEqual(whole);
    }
  });

  it('holds the latest finishers, nations and who approaches the finish, as the whole race gave them', () => {
    expect(latestOf(stages, 10).map((f) => [f.bib, f.places?.overall])).toEqual(latestFinishers([{ race: r, rows: publicRows }], 10).map((f) => [f.bib, f.places?.overall]));
    expect(nationsOf(stages, 10)).toEqual(nations([{ race: r, rows: publicRows }], 10));
    const options = { now, horizonMs: min(30), overdueMs: min(2), limit: 40 };
    const whole = speakerList([{ race: r, rows: publicRows }], 'finish', options);
    expect(whole.length).toBeGreaterThan(10);
    expect(approachingOf(stages, options).map((e) => [e.runner.bib, e.eta])).toEqual(whole.map((e) => [e.runner.bib, e.eta]));
  });

  it('stays within its bounds and never holds a private entrant', () => {
    expect(stage.approaching.length).toBeLessThanOrEqual(STAGE_APPROACHING);
    expect(stage.leaders.length).toBeLessThanOrEqual(2 * STAGE_LEADERS);
    expect(stage.latest).toHaveLength(10);
    const all = [...stage.leaders, ...stage.onCourse, ...stage.latest, ...stage.approaching.map((a) => a.runner)];
    expect(all.some((e) => e.bib === '111')).toBe(false);
    expect(JSON.stringify(stage).length).toBeLessThan(60_000);
  });

  it('is empty of approaching runners at a point the race does not have', () => {
    const at = raceStage({ eventId: 'test-event', race: r, point: 'lap', seq: 1, counters: engine.counters('10k')!, ordered, lastRead: now, now });
    expect(at.approaching).toEqual([]);
  });
});
