// Property-based fuzzing of the organizers' write endpoints, logged in as an admin: no 5xx, every
// refusal a 4xx that says what is wrong, and nothing changed by what was refused.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startWithOrganizer } from './organizer-helpers';
import { anyJson, checkAnswer } from './support/fuzz';
import type { TestPrimary } from './support/servers';

const RUNS = 2_000;
let primary: TestPrimary & { cookie: string };
beforeAll(async () => {
  primary = await startWithOrganizer({ config: { RATE_LIMIT_IP: 0, RATE_LIMIT_DEVICE: 0 } });
});
afterAll(async () => {
  await primary?.server.close();
});

const bib = fc.oneof(fc.constantFrom('1', '2', '5', '999'), fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent));
const race = fc.oneof(fc.constantFrom('10k', 'loop', 'nope'), fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent));
const event = fc.constantFrom('test-event', 'test-event', 'test-event', 'no-such-event');
const route = fc.oneof(
  fc.tuple(event, race).map(([e, r]) => ['POST', `/api/organizer/events/${e}/races/${r}/gun`]),
  fc.tuple(event, bib, fc.constantFrom('status', 'move', 'splits', 'review')).map(([e, b, what]) => ['POST', `/api/organizer/events/${e}/runners/${b}/${what}`]),
  fc.tuple(event, fc.oneof(fc.integer(), fc.string({ minLength: 1, maxLength: 12 }).map(encodeURIComponent))).map(([e, seq]) => ['POST', `/api/organizer/events/${e}/reads/${seq}/ignore`]),
  event.map((e) => ['POST', `/api/organizer/events/${e}/unmatched/assign`]),
  event.map((e) => ['POST', `/api/organizer/events/${e}/devices`]),
  event.map((e) => ['POST', `/api/organizer/events/${e}/races`]),
  fc.tuple(event, race, fc.constantFrom('course', 'snap', 'timing-points')).map(([e, r, what]) => ['POST', `/api/organizer/events/${e}/races/${r}/${what}`]),
  fc.tuple(event, race).map(([e, r]) => ['PUT', `/api/organizer/events/${e}/races/${r}/loop`]),
  fc.tuple(event, fc.constantFrom('preview', 'import')).map(([e, what]) => ['POST', `/api/organizer/events/${e}/entrants/${what}`]),
  fc.constant(['POST', '/api/organizer/events']),
  fc.constant(['POST', '/api/organizer/course/preview']),
  fc.constant(['POST', '/api/organizer/accounts']),
  fc.tuple(event, fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent)).map(([e, d]) => ['PUT', `/api/organizer/events/${e}/timing/devices/${d}`]),
) as fc.Arbitrary<[string, string]>;

const near = fc.record(
  {
    time: fc.oneof(fc.constantFrom('now', 'yesterday', '2026-02-30T00:00:00Z'), fc.integer(), fc.double()),
    status: fc.oneof(fc.constantFrom('dns', 'dnf', 'dq', 'registered', 'flying'), fc.integer()),
    reason: fc.oneof(fc.string({ maxLength: 300 }), fc.constant('')),
    raceId: fc.oneof(fc.constantFrom('10k', 'loop', 'nope'), fc.integer()),
    point: fc.oneof(fc.constantFrom('5k', 'finish', 'nowhere'), fc.integer()),
    chip: fc.oneof(fc.string({ maxLength: 80 }), fc.integer()),
    bib: fc.oneof(fc.string({ maxLength: 20 }), fc.integer()),
    name: fc.oneof(fc.string({ maxLength: 100 }), anyJson),
    text: fc.oneof(fc.string({ maxLength: 2000 }), fc.constantFrom('<gpx><trk><trkseg><trkpt lat="1" lon="x"/></trkseg></trk></gpx>', '{"type":"Feature"}', 'bib,name\n1,')),
    position: anyJson,
    length: fc.oneof(fc.double(), fc.integer(), fc.string()),
    laps: fc.oneof(fc.double(), fc.integer(), fc.string()),
    email: fc.oneof(fc.string({ maxLength: 40 }), fc.emailAddress()),
    password: fc.string({ maxLength: 40 }),
  },
  { requiredKeys: [] },
);

/** What an organizer's write could change: the set-up, the reads, the devices. */
function snapshot(): string {
  const { runtime, readLog, devices } = primary.server.primary!;
  return JSON.stringify([runtime.setup('test-event')!, readLog.count('test-event'), devices.list('test-event').length, runtime.eventIds()]);
}

describe('fuzzing the organizer endpoints', () => {
  it(`${RUNS} generated requests to the write routes: refusals say what is wrong and change nothing`, async () => {
    let baseline = snapshot();
    let changed = 0;
    await fc.assert(
      fc.asyncProperty(route, fc.oneof({ weight: 3, arbitrary: near }, { weight: 2, arbitrary: anyJson }, { weight: 1, arbitrary: fc.string({ maxLength: 5000 }) }), async ([method, path], body) => {
        const res = await call(primary.server.url, method, path, { cookie: primary.cookie, body });
        const problem = checkAnswer(res.status, res.text);
        if (problem) throw new Error(`${method} ${path}: ${problem}`);
        const now = snapshot();
        if (res.status < 300) {
          if (now !== baseline) changed++;
          baseline = now;
        } else if (now !== baseline) {
          throw new Error(`${method} ${path} answered ${res.status} but changed the state`);
        }
      }),
      { numRuns: RUNS, seed: 12 },
    );
    console.info(`organizer fuzz: ${changed} generated requests were valid changes`);
    // The session survived all of it.
    expect((await call(primary.server.url, 'GET', '/api/organizer/me', { cookie: primary.cookie })).status).toBe(200);
  });
});
