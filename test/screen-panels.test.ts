import { describe, expect, it } from 'vitest';
import { parseScreenConfig, PANELS } from '../client/src/screen/screen-config';
import { currentSlide, interrupt, slidesFor, startRotation, tick } from '../client/src/screen/rotation';
import { changedLeaders, latestFinishers, leadersOf, nations, topOf } from '../client/src/screen/screen-selectors';
import { pointChoices, speakerList, targetIn } from '../client/src/speaker/speaker-list';
import { EventEngine } from '../shared/engine/event-engine';
import { chipRead as read, GUN, min, smallEvent } from './fixtures';

describe('big screen settings from the URL', () => {
  it('defaults to every race and panel, 12 s each', () => {
    const { config, problems } = parseScreenConfig('');
    expect(config).toMatchObject({ races: [], panels: [...PANELS], secondsPerPanel: 12, horizonMs: 5 * 60_000, topCount: 5 });
    expect(problems).toEqual([]);
  });

  it('takes races, panels, seconds, horizon and rows', () => {
    const { config } = parseScreenConfig('?races=10k,loop&panels=latest,top,latest&seconds=20&horizon=3&top=8');
    expect(config).toMatchObject({ races: ['10k', 'loop'], panels: ['latest', 'top'], secondsPerPanel: 20, horizonMs: 3 * 60_000, topCount: 8 });
  });

  it('keeps the default for a bad value, applies the rest and says what was wrong', () => {
    const { config, problems } = parseScreenConfig('?panels=latest,weather&seconds=1&top=3');
    expect(config.panels).toEqual([...PANELS]);
    expect(config.secondsPerPanel).toBe(12);
    expect(config.topCount).toBe(3);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^panels: panels are top, latest/);
    expect(problems[1]).toMatch(/^seconds: /);
  });
});

describe('panel rotation', () => {
  const slides = slidesFor(['top', 'latest', 'counters'], ['10k', 'loop']);

  it('shows per-race panels once per race, the others once', () => {
    expect(slides).toEqual([{ panel: 'top', raceId: '10k' }, { panel: 'top', raceId: 'loop' }, { panel: 'latest' }, { panel: 'counters' }]);
  });

  it('moves on when a slide has had its time and wraps around', () => {
    let r = startRotation(0);
    const seen = [currentSlide(r, slides)];
    for (let t = 1000; t <= 40_000; t += 1000) {
      const next = tick(r, slides, 10_000, t);
      if (next !== r) seen.push(currentSlide(next, slides));
      r = next;
    }
    expect(seen.map((s) => `${s!.panel}${s!.raceId ? `:${s!.raceId}` : ''}`)).toEqual(['top:10k', 'top:loop', 'latest', 'counters', 'top:10k']);
  });

  it('news interrupts briefly, then the rotation goes on with the next slide', () => {
    let r = startRotation(0);
    r = interrupt(r, slides, { panel: 'latest' }, 3000, 6000);
    expect(currentSlide(r, slides)).toEqual({ panel: 'latest' });
    expect(tick(r, slides, 10_000, 8999)).toBe(r);
    r = tick(r, slides, 10_000, 9000);
    expect(currentSlide(r, slides)).toEqual({ panel: 'top', raceId: 'loop' });
    expect(r.since).toBe(9000);
  });

  it('news does not stack: a second piece during an interruption, or right after it, waits its turn', () => {
    let r = interrupt(startRotation(0), slides, { panel: 'latest' }, 1000, 6000);
    expect(interrupt(r, slides, { panel: 'top', raceId: '10k' }, 2000, 6000)).toBe(r);
    r = tick(r, slides, 10_000, 7000);
    expect(interrupt(r, slides, { panel: 'latest' }, 26_999, 6000)).toBe(r);
    expect(currentSlide(interrupt(r, slides, { panel: 'latest' }, 27_000, 6000), slides)).toEqual({ panel: 'latest' });
  });

  it('news for a panel the screen does not show is ignored', () => {
    const r = startRotation(0);
    expect(interrupt(r, slides, { panel: 'nations' }, 1000, 5000)).toBe(r);
    expect(interrupt(r, slides, { panel: 'top', raceId: 'marathon' }, 1000, 5000)).toBe(r);
  });
});

const entrants = [
  { bib: '1', chip: 'C1', name: 'Ana', gender: 'F' as const, age: 30, country: 'IRN', raceId: '10k' },
  { bib: '2', chip: 'C2', name: 'Ben', gender: 'M' as const, age: 41, country: 'DEU', raceId: '10k' },
  { bib: '3', chip: 'C3', name: 'Cyra', gender: 'F' as const, age: 36, country: 'IRN', raceId: '10k' },
  { bib: '4', chip: 'C4', name: 'Dara', gender: 'F' as const, age: 25, country: 'KEN', raceId: '10k' },
  { bib: '5', chip: 'C5', name: 'Eli', gender: 'F' as const, age: 28, country: 'FRA', raceId: 'loop', private: true },
];

function race() {
  const engine = new EventEngine(smallEvent({ entrants }));
  for (const r of [
    read('start', 'C1', GUN), read('5k', 'C1', GUN + min(20)),
    read('start', 'C2', GUN), read('5k', 'C2', GUN + min(19)), read('finish', 'C2', GUN + min(40)),
    read('start', 'C3', GUN), read('5k', 'C3', GUN + min(21)), read('finish', 'C3', GUN + min(45)),
    read('start', 'C4', GUN), read('5k', 'C4', GUN + min(30)),
    read('lap', 'C5', GUN + min(8)),
  ]) engine.applyRead(r);
  return engine;
}

describe('what the panels show', () => {
  const engine = race();
  const races = () => [
    { race: engine.race('10k')!, rows: engine.standings('10k') },
    { race: engine.race('loop')!, rows: engine.standings('loop') },
  ];

  it('top per gender: finishers first, then leaders on course', () => {
    expect(topOf(engine.race('10k')!, engine.standings('10k'), 'F', 2).map((e) => [e.bib, e.places?.gender])).toEqual([
      ['3', 1],
      ['1', 2],
    ]);
    expect(topOf(engine.race('10k')!, engine.standings('10k'), 'M', 5).map((e) => e.bib)).toEqual(['2']);
  });

  it('latest finishers: most recent first, with their places, cut to the panel size', () => {
    expect(latestFinishers(races(), 5).map((f) => [f.bib, f.places?.overall, f.raceId])).toEqual([
      ['3', 2, '10k'],
      ['2', 1, '10k'],
    ]);
    expect(latestFinishers(races(), 1).map((f) => f.bib)).toEqual(['3']);
    engine.applyRead(read('finish', 'C1', GUN + min(50)));
    expect(latestFinishers(races(), 2).map((f) => f.bib)).toEqual(['1', '3']);
  });

  it('a change of leader is news; a first leader is not', () => {
    const before = leadersOf(races());
    expect(changedLeaders(new Map(), before)).toEqual([]);
    // Dara was last at 5 km; a finish in 39:00 makes her the women's winner.
    const e = race();
    e.applyRead(read('finish', 'C4', GUN + min(39)));
    const after = leadersOf([{ race: e.race('10k')!, rows: e.standings('10k') }]);
    expect(changedLeaders(before, after)).toEqual(['10k']);
    expect(changedLeaders(after, after)).toEqual([]);
  });

  it('nations: starters per country, most first, DNS and not started left out', () => {
    const e = race();
    const fresh = [{ race: e.race('10k')!, rows: e.standings('10k') }, { race: e.race('loop')!, rows: e.standings('loop') }];
    expect(nations(fresh, 10)).toEqual([
      { country: 'IRN', finished: 1, onCourse: 1 },
      { country: 'DEU', finished: 1, onCourse: 0 },
      { country: 'FRA', finished: 0, onCourse: 1 },
      { country: 'KEN', finished: 0, onCourse: 1 },
    ]);
    expect(nations(fresh, 1)).toHaveLength(1);
  });
});

describe("announcer's list", () => {
  const engine = race();
  const races = [
    { race: engine.race('10k')!, rows: engine.standings('10k') },
    { race: engine.race('loop')!, rows: engine.standings('loop') },
  ];

  it('offers the finish and every split or lap mat', () => {
    expect(pointChoices(races.map((r) => r.race)).map((c) => c.id)).toEqual(['finish', '5k', 'lap']);
    expect(targetIn(races[0].race, 'finish')).toBe('finish');
    expect(targetIn(races[0].race, 'start')).toBeNull();
    expect(targetIn(races[1].race, '5k')).toBeNull();
  });

  it('lists runners of every race by projected arrival, with their current place', () => {
    const list = speakerList(races, 'finish', { now: GUN + min(20), horizonMs: min(60), overdueMs: min(2), limit: 10 });
    // Eli (loop, 700 m in 8:00, 3 laps) is due before Ana (10 km at 20:00 for 5 km) and Dara.
    expect(list.map((e) => [e.runner.bib, e.raceId, e.runner.places?.overall])).toEqual([
      ['5', 'loop', 1],
      ['1', '10k', 3],
      ['4', '10k', 4],
    ]);
    expect(list[0].runner.name).toBe('Eli');
    expect(speakerList(races, 'finish', { now: GUN + min(20), horizonMs: min(60), overdueMs: 0, limit: 2 })).toHaveLength(2);
  });
});
