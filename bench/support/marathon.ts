// A marathon shaped like the largest majors (NYC 2024: 55,646 finishers): one 42.195 km race timed
// at the start, every 5 km, every mile up to 25 and the finish (35 mats), five waves 25 minutes
// apart (NYC starts its field in waves), and fictional entrants.
import { eventSetupSchema, type EventSetup } from '../../shared/domain';
import { seededRandom } from '../../shared/random';

export const MARATHON_GUN = Date.UTC(2026, 10, 1, 13, 40, 0);
const MILE = 1609.344;
const WAVES = 5;
const COUNTRIES = ['USA', 'GBR', 'ITA', 'FRA', 'DEU', 'MEX', 'CAN', 'ESP', 'IRN', 'KEN', 'ETH', 'JPN', 'BRA', 'NLD', 'AUS'];

function timingPoints(): EventSetup['races'][number]['timingPoints'] {
  const points = [
    { id: 'start', name: 'Start', kind: 'start' as const, distance: 0 },
    ...Array.from({ length: 8 }, (_, i) => ({ id: `${(i + 1) * 5}k`, name: `${(i + 1) * 5} km`, kind: 'split' as const, distance: (i + 1) * 5000 })),
    ...Array.from({ length: 25 }, (_, i) => ({ id: `mile${i + 1}`, name: `Mile ${i + 1}`, kind: 'split' as const, distance: Math.round((i + 1) * MILE) })),
    { id: 'finish', name: 'Finish', kind: 'finish' as const, distance: 42_195 },
  ];
  return points.sort((a, b) => a.distance - b.distance);
}

export function marathonEvent(runners: number, id = 'majors'): EventSetup {
  const random = seededRandom(42);
  return eventSetupSchema.parse({
    id,
    name: 'Majors-scale marathon',
    date: '2026-11-01',
    races: [
      {
        id: 'marathon',
        name: 'Marathon',
        kind: 'point-to-point',
        distance: 42_195,
        gunTime: MARATHON_GUN,
        waves: Array.from({ length: WAVES }, (_, w) => ({ id: `wave${w + 1}`, name: `Wave ${w + 1}`, gunTime: MARATHON_GUN + w * 25 * 60_000 })),
        timingPoints: timingPoints(),
      },
    ],
    entrants: Array.from({ length: runners }, (_, i) => ({
      bib: String(i + 1),
      chip: `M${i + 1}`,
      name: `Runner ${i + 1}`,
      gender: random() < 0.43 ? 'F' : 'M',
      age: 18 + Math.floor(random() * 60),
      country: COUNTRIES[Math.floor(random() * COUNTRIES.length)],
      raceId: 'marathon',
      waveId: `wave${Math.floor((i * WAVES) / runners) + 1}`,
    })),
  });
}
