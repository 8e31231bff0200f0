// Property-based fuzzing of the device endpoints (ingest and timing) with fast-check: whatever is
// sent, no 5xx, every refusal a 4xx that says what is wrong, and nothing stored by what was refused.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_READS_PER_BATCH } from '../shared/reads';
import { GUN } from './fixtures';
import { anyJson, checkAnswer, deepNesting, ingestBody } from './support/fuzz';
import { startPrimary, type TestPrimary } from './support/servers';

const RUNS = { reads: 1_500, timing: 1_000 };
let primary: TestPrimary;
let otherToken: string;
beforeAll(async () => {
  primary = await startPrimary({ config: { RATE_LIMIT_IP: 0, RATE_LIMIT_DEVICE: 0 } });
  // A device of another event: it may write nothing here.
  otherToken = primary.server.primary!.devices.create('other-event', 'other mat', Date.now()).token;
});
afterAll(async () => {
  await primary?.server.close();
});

async function send(path: string, body: string, options: { token?: string | null; contentType?: string; method?: string } = {}) {
  const token = options.token === undefined ? primary.token : options.token;
  const res = await fetch(`${primary.server.url}${path}`, {
    method: options.method ?? 'POST',
    headers: { 'content-type': options.contentType ?? 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: res.status, text: await res.text() };
}

const stored = () => primary.server.primary!.readLog.count('test-event');
const board = async () => (await fetch(`${primary.server.url}/api/events/test-event/races/10k/leaderboard`)).text();

describe('fuzzing the device endpoints', () => {
  it(`POST /reads: ${RUNS.reads} generated bodies; what is refused stores nothing, what is accepted is counted`, async () => {
    let accepted = 0;
    const before = stored();
    await fc.assert(
      fc.asyncProperty(ingestBody, fc.constantFrom('test-event', 'test-event', 'test-event', 'no-such-event', '%2e%2e', 'x'.repeat(300)), async (body, eventId) => {
        const raw = typeof body === 'object' && body !== null && 'raw' in body && Object.keys(body).length === 1 ? String((body as { raw: unknown }).raw) : JSON.stringify(body);
        const beforeThis = stored();
        const { status, text } = await send(`/api/events/${eventId}/reads`, raw);
        const problem = checkAnswer(status, text);
        if (problem) throw new Error(problem);
        if (status === 200 || status === 422) {
          const answer = JSON.parse(text) as { accepted: number; rejected: { index: number; message: string }[] };
          accepted += answer.accepted;
          expect(stored()).toBe(beforeThis + answer.accepted);
          for (const r of answer.rejected) expect(r.message.length).toBeGreaterThan(5);
        } else {
          expect(stored()).toBe(beforeThis);
        }
      }),
      { numRuns: RUNS.reads, seed: 7 },
    );
    expect(stored()).toBe(before + accepted);
  });

  it('refuses oversized batches, oversized bodies, deep nesting and wrong content types with a message', async () => {
    const before = stored();
    const boardBefore = await board();
    const read = { point: 'start', chip: 'C1', time: GUN };
    const cases: [string, string, number, string?][] = [
      ['too many reads', JSON.stringify({ reads: Array.from({ length: MAX_READS_PER_BATCH + 1 }, () => read) }), 400],
      ['body over the limit', JSON.stringify({ reads: [{ ...read, readId: 'x'.repeat(3_000_000) }] }), 413],
      ['deep nesting', deepNesting(50_000), 400],
      ['deep nesting inside a read', JSON.stringify({ reads: [JSON.parse(deepNesting(2_000))] }), 400],
      ['not JSON', '{"reads": [', 400],
      ['form body', 'reads=1', 415, 'application/x-www-form-urlencoded'],
      ['text body', 'start,C1,2026-04-17T07:00:00Z', 415, 'text/plain'],
    ];
    for (const [what, body, want, contentType] of cases) {
      const { status, text } = await send('/api/events/test-event/reads', body, { contentType });
      expect(status, what).toBe(want);
      expect(checkAnswer(status, text), what).toBeNull();
    }
    expect(stored()).toBe(before);
    expect(await board()).toBe(boardBefore);
  });

  it(`timing endpoints and tokens: ${RUNS.timing} generated bodies, unknown and foreign tokens refused`, async () => {
    const before = stored();
    const paths = ['/api/events/test-event/timing/device', '/api/events/test-event/timing/backfill', '/api/events/test-event/timing/trackers/t1', '/api/events/test-event/osmand', '/api/events/test-event/reads'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.constantFrom('POST', 'PUT'),
        fc.oneof(anyJson.map((j) => JSON.stringify(j)), fc.string({ maxLength: 2000 })),
        fc.constantFrom<string | null>(primary.token, primary.token, 'sct_unknown-token', otherToken, null, 'a'.repeat(5000)),
        fc.constantFrom('application/json', 'text/csv', 'text/plain', 'application/x-www-form-urlencoded'),
        async (path, method, body, token, contentType) => {
          const { status, text } = await send(path, body, { token, contentType, method });
          const problem = checkAnswer(status, text);
          if (problem) throw new Error(`${method} ${path} ${contentType}: ${problem}`);
          // Another event's token, an unknown one or none: nothing is accepted (a body that is not JSON is
          // refused at the edge, before the token is looked at).
          if (path.endsWith('/reads') && token !== primary.token) expect(status === 200 || status === 422).toBe(false);
        },
      ),
      { numRuns: RUNS.timing, seed: 8 },
    );
    // Nothing above was a valid read batch for this event from its own device... except by chance:
    // whatever was stored was answered as accepted, which the first test checks; here, at most that.
    expect(stored()).toBeGreaterThanOrEqual(before);
  });
});
