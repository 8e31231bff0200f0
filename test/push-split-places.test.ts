// Places at a mat kept as an index for passing alerts: always the same as counting the whole field
// (placesAtSplits), through new passings, corrected times, removed reads and runners leaving.
import { describe, expect, it } from 'vitest';
import { placesAtSplits } from '../shared/board/split-places';
import { leaderboard } from '../shared/board/leaderboard';
import type { Ranking } from '../shared/board/order';
import { seededRandom } from '../shared/random';
import type { RunnerDetail, Split } from '../shared/views';
import { SplitPlaces } from '../server/push/split-places';

const POINTS = ['start', '5k', '10k', 'lap'];

function runner(bib: string, splits: Split[]): RunnerDetail {
  return {
    bib, name: null, gender: 'F', ageGroup: null, country: null, raceId: 'r', status: 'onCourse', private: false, lastPoint: null, lastDistance: 0,
    lastTime: null, lastNet: null, lastGun: null, startTime: 0, netTime: null, gunTime: null, laps: null, pace: null, projectedNet: null,
    projectedRange: null, nextPoint: null, nextEta: null, nextEtaRange: null, flags: [], splits, waveId: null,
  };
}

describe('places at a mat, kept', () => {
  it('agree with a count over the whole field after every change', () => {
    const random = seededRandom(3);
    const field = new Map<string, RunnerDetail>();
    const split = (point: string, lap: number | undefined): Split => {
      // Few distinct times, so ties happen; a null net now and then.
      const net = random() < 0.05 ? null : Math.floor(random() * 40) * 1000;
      return { point, name: point, distance: 0, time: 0, gun: net === null ? null : net + 500, net, segmentPace: null, ...(lap ? { lap } : {}) };
    };
    const places = new SplitPlaces({ ranking: () => 'net', field: () => field.values() });
    for (let step = 0; step < 400; step++) {
      const bib = String(Math.floor(random() * 60));
      const roll = random();
      if (roll < 0.1 && field.has(bib)) {
        field.delete(bib);
        places.changed('e', 'r', [], [bib]);
      } else {
        const splits = POINTS.filter(() => random() < 0.7).map((p) => split(p, p === 'lap' ? 1 + Math.floor(random() * 2) : undefined));
        const r = runner(bib, splits);
        field.set(bib, r);
        places.changed('e', 'r', [r], []);
      }
      // The first question builds the index from the field; later changes keep it.
      const asked = [...field.values()][Math.floor(random() * field.size)];
      for (const [i, s] of (asked?.splits ?? []).entries()) {
        expect(places.place('e', asked, s), `step ${step}, bib ${asked.bib}, ${s.point}`).toBe(placesAtSplits(asked, field.values())[i]);
      }
    }
  });

  for (const ranking of ['net', 'gun'] as Ranking[]) {
    it(`give a finisher the leaderboard's places (${ranking} time) after every change`, () => {
      const random = seededRandom(ranking === 'net' ? 5 : 6);
      const field = new Map<string, RunnerDetail>();
      const places = new SplitPlaces({ ranking: () => ranking, field: () => field.values() });
      for (let step = 0; step < 400; step++) {
        const bib = String(Math.floor(random() * 80));
        const roll = random();
        if (roll < 0.1 && field.has(bib)) {
          field.delete(bib);
          places.changed('e', 'r', [], [bib]);
        } else {
          // Few distinct seconds (and milliseconds inside them), so ties happen; some still on course.
          const finished = random() < 0.7;
          const net = Math.floor(random() * 20) * 1000 + Math.floor(random() * 1000);
          const r: RunnerDetail = {
            ...runner(bib, []),
            status: finished ? 'finished' : random() < 0.5 ? 'onCourse' : 'dnf',
            gender: random() < 0.5 ? 'F' : 'M',
            ageGroup: random() < 0.2 ? null : random() < 0.5 ? '18-39' : '40-49',
            netTime: finished ? net : null,
            gunTime: finished ? net + Math.floor(random() * 3000) : null,
            lastDistance: Math.floor(random() * 3),
          };
          field.set(bib, r);
          places.changed('e', 'r', [r], []);
        }
        const board = new Map(leaderboard(field.values(), { ranking }).entries.map((e) => [e.bib, e.places]));
        for (const r of field.values()) {
          const expected = r.status === 'finished' ? board.get(r.bib) : null;
          expect(places.finishPlaces('e', r), `step ${step}, bib ${r.bib}`).toEqual(expected);
        }
      }
    });
  }
});
