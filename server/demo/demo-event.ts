// A demo event shaped like the first Tehran international marathon: a city marathon that ends in
// the stadium, a 10 km women's race on the marathon's last 10 km, and an unofficial race on a
// 700 m loop beside the stadium. About 450 fictional entrants from 45 countries; some never start.
import { eventSetupSchema, type Entrant, type EventSetup, type LonLat, type Race } from '../../shared/domain';
import { DEFAULT_AGE_GROUPS } from '../../shared/age-groups';
import { normal, pick, seededRandom, type Random } from '../../shared/random';
import { courseLength, pointAlong, sliceCourse } from '../setup/course';

export const DEMO_EVENT_ID = 'tehran-demo';
export const DEMO_SEED = 1;

const STADIUM: LonLat = [51.2758, 35.7247];
const MARATHON = 42_195;

/** Countries with a weight for how many entrants come from each (45 in all). */
const COUNTRIES: [string, number][] = [
  ['IRN', 120], ['DEU', 14], ['FRA', 12], ['GBR', 12], ['ITA', 10], ['ESP', 9], ['NLD', 8], ['KEN', 8], ['ETH', 7], ['USA', 10],
  ['CAN', 6], ['AUS', 6], ['JPN', 8], ['CHN', 6], ['KOR', 5], ['IND', 6], ['PAK', 4], ['AFG', 5], ['IRQ', 6], ['TUR', 8],
  ['RUS', 6], ['UKR', 4], ['POL', 5], ['AUT', 4], ['CHE', 5], ['BEL', 4], ['DNK', 4], ['SWE', 5], ['NOR', 4], ['FIN', 3],
  ['IRL', 4], ['PRT', 3], ['GRC', 3], ['CZE', 3], ['HUN', 3], ['ROU', 3], ['BRA', 4], ['ARG', 3], ['MEX', 3], ['ZAF', 3],
  ['EGY', 3], ['MAR', 3], ['ARM', 4], ['AZE', 3], ['NZL', 3],
];
const FIRST_F = ['Sara', 'Maryam', 'Leila', 'Nasrin', 'Anna', 'Emma', 'Sofia', 'Chloe', 'Yuki', 'Mina', 'Hana', 'Amira', 'Lena', 'Clara', 'Ines', 'Freya', 'Aisha', 'Mei', 'Olga', 'Laura', 'Zahra', 'Parisa', 'Shirin', 'Elif'];
const FIRST_M = ['Ali', 'Reza', 'Hossein', 'Amir', 'Lukas', 'Thomas', 'Marco', 'Pablo', 'Kenji', 'David', 'Omar', 'Yusuf', 'Jonas', 'Pierre', 'Eric', 'Sam', 'Kip', 'Tomas', 'Ivan', 'Arash', 'Babak', 'Dario', 'Noah', 'Mateo'];
const LAST = ['Ahmadi', 'Karimi', 'Moradi', 'Rahimi', 'Schmidt', 'Martin', 'Rossi', 'Garcia', 'Tanaka', 'Smith', 'Kiprop', 'Bekele', 'Novak', 'Jensen', 'Silva', 'Kowalski', 'Yilmaz', 'Petrov', 'Dubois', 'Hansen', 'Sato', 'Nguyen', 'Haddad', 'Lopez', 'Jafari', 'Rostami', 'Sadeghi', 'Fischer'];

/** A plausible marathon line through the city: an irregular loop ending at the stadium, 42.195 km long. */
function marathonCourse(): LonLat[] {
  const raw: LonLat[] = [];
  const centre: LonLat = [51.36, 35.72];
  for (let i = 0; i <= 48; i++) {
    const t = (i / 48) * 2 * Math.PI;
    const wobble = 1 + 0.12 * Math.sin(3 * t) + 0.06 * Math.cos(5 * t);
    raw.push([centre[0] - 0.085 * wobble * Math.cos(t), centre[1] + 0.045 * wobble * Math.sin(t)]);
  }
  raw.push([51.2758 + 0.004, 35.7247 - 0.002], STADIUM);
  // Scale about the finish so the line is exactly the race distance.
  const factor = MARATHON / courseLength(raw);
  return raw.map(([lon, lat]) => [STADIUM[0] + (lon - STADIUM[0]) * factor, STADIUM[1] + (lat - STADIUM[1]) * factor]);
}

function loopCourse(length: number): LonLat[] {
  const r = length / (2 * Math.PI);
  const centre: LonLat = [STADIUM[0] + 0.0045, STADIUM[1] + 0.0025];
  const points: LonLat[] = [];
  for (let i = 0; i <= 36; i++) {
    const t = (i / 36) * 2 * Math.PI;
    points.push([centre[0] + (r * Math.sin(t)) / (111_320 * Math.cos((centre[1] * Math.PI) / 180)), centre[1] + (r * Math.cos(t)) / 110_574]);
  }
  return points;
}

const km = (n: number) => ({ id: `${n}k`, name: `${n} km`, kind: 'split' as const, distance: n * 1000 });

export interface DemoGuns {
  marathon: number;
  women10k: number;
  loop: number;
}

/** Guns a little before `now`, so a demo started now is already in full swing. */
export function demoGuns(now: number): DemoGuns {
  const minute = Math.floor(now / 60_000) * 60_000;
  return { marathon: minute - 50 * 60_000, women10k: minute - 25 * 60_000, loop: minute - 10 * 60_000 };
}

export function demoRaces(guns: DemoGuns): Race[] {
  const marathon = marathonCourse();
  const women = sliceCourse(marathon, MARATHON - 10_000, MARATHON);
  const loop = loopCourse(700);
  const marathonPoints = [
    { id: 'start', name: 'Start', kind: 'start' as const, distance: 0 },
    km(5), km(10), km(15), km(20),
    { id: 'half', name: 'Half', kind: 'split' as const, distance: 21_097.5 },
    km(25), km(30), km(35), km(40),
    { id: 'finish', name: 'Finish', kind: 'finish' as const, distance: MARATHON },
  ].map((p) => ({ ...p, position: pointAlong(marathon, p.distance) }));
  return [
    {
      id: 'marathon', name: 'Marathon', kind: 'point-to-point', distance: MARATHON, gunTime: guns.marathon,
      waves: [
        { id: 'elite', name: 'Elite', gunTime: guns.marathon },
        { id: 'mass', name: 'Mass', gunTime: guns.marathon + 5 * 60_000 },
      ],
      timingPoints: marathonPoints, course: marathon, ageGroups: DEFAULT_AGE_GROUPS, ranking: 'net', cutoffSeconds: 7 * 3600,
    },
    {
      id: 'women-10k', name: "Women's 10 km", kind: 'point-to-point', distance: 10_000, gunTime: guns.women10k, waves: [],
      // The same mats as the marathon's last 10 km; the 10 km runners' chips tell the races apart.
      timingPoints: [
        { id: 'w-start', name: 'Start', kind: 'start', distance: 0, position: women[0] },
        { id: 'w-5k', name: '5 km', kind: 'split', distance: 5000, position: pointAlong(women, 5000) },
        { id: 'finish', name: 'Finish', kind: 'finish', distance: 10_000, position: STADIUM },
      ],
      course: women, ageGroups: [18, 35, 45, 55], ranking: 'net', cutoffSeconds: 2 * 3600,
    },
    {
      id: 'loop', name: 'Stadium loop (6 × 700 m)', kind: 'loop', distance: 4200, gunTime: guns.loop, waves: [],
      loop: { length: 700, lapPoint: 'loop-lap', laps: 6 },
      timingPoints: [{ id: 'loop-lap', name: 'Lap', kind: 'lap', distance: 0, dedupWindowSeconds: 60, position: loop[0] }],
      course: loop, ageGroups: [], ranking: 'gun',
    },
  ] as Race[];
}

function weightedCountry(random: Random): string {
  const total = COUNTRIES.reduce((s, [, w]) => s + w, 0);
  let x = random() * total;
  for (const [code, w] of COUNTRIES) if ((x -= w) < 0) return code;
  return 'IRN';
}

/** Deterministic entrants for the demo: the same seed always gives the same field. */
export function demoEntrants(seed = DEMO_SEED): Entrant[] {
  const random = seededRandom(seed);
  const entrants: Entrant[] = [];
  const add = (raceId: string, count: number, bibFrom: number, women: boolean) => {
    for (let i = 0; i < count; i++) {
      const gender = women || random() < 0.3 ? 'F' : 'M';
      const country = weightedCountry(random);
      const foreign = country !== 'IRN';
      entrants.push({
        bib: String(bibFrom + i),
        chip: `C${bibFrom + i}`,
        name: `${pick(random, gender === 'F' ? FIRST_F : FIRST_M)} ${pick(random, LAST)}`,
        gender,
        age: Math.round(Math.min(78, Math.max(18, normal(random, 38, 11)))),
        country,
        raceId,
        waveId: raceId === 'marathon' ? (i < 25 ? 'elite' : 'mass') : undefined,
        // Visas refused: some foreign entrants never arrive.
        status: foreign && random() < 0.1 ? 'dns' : 'registered',
        statusReason: undefined,
        private: random() < 0.02,
      });
    }
  };
  add('marathon', 262, 1, false);
  add('women-10k', 118, 501, true);
  add('loop', 70, 801, true);
  for (const e of entrants) if (e.status === 'dns') e.statusReason = 'visa refused';
  return entrants;
}

export function demoEvent(now: number): EventSetup {
  const guns = demoGuns(now);
  return eventSetupSchema.parse({
    id: DEMO_EVENT_ID,
    name: 'Tehran International Marathon (demo)',
    timeZone: 'Asia/Tehran',
    date: new Date(guns.marathon).toISOString().slice(0, 10),
    races: demoRaces(guns),
    entrants: demoEntrants(),
    dedupWindowSeconds: 30,
  });
}
