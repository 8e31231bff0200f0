// Designed refusals (429, a 503 with Retry-After) are anyone's to cause: they go to the log at warn,
// one line per kind per window with a count, never one error line per request. A real server
// whose pino logger writes into this test.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSplitcast, type Splitcast } from '../server/app';
import { configWith } from '../server/config';
import { ThrottledLog } from '../server/throttled-log';
import { tempDataDir } from './support/servers';

interface Line {
  level: number;
  msg: string;
  suppressed?: number;
  res?: { statusCode: number };
}

/** A real pino logger into an array of parsed lines. */
function capture(): { log: pino.Logger; lines: Line[] } {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const text of String(chunk).split('\n')) if (text) lines.push(JSON.parse(text));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

const WARN = 40;

describe('ThrottledLog', () => {
  it('writes the first lines of a window, counts the rest and says how many in the next window', () => {
    const { log, lines } = capture();
    let now = 0;
    const throttled = new ThrottledLog(log, 'warn', 'refused', { perWindow: 2, windowMs: 1000, now: () => now });
    for (let i = 0; i < 50; i++) throttled.note({ i });
    expect(lines.map((l) => l.msg)).toEqual(['refused', 'refused']);
    now = 1000;
    throttled.note({ i: 50 });
    expect(lines.slice(2)).toMatchObject([
      { level: WARN, msg: 'refused (48 more not logged)', suppressed: 48 },
      { level: WARN, msg: 'refused' },
    ]);
  });
});

describe('the HTTP edge', () => {
  let server: Splitcast;
  const { log, lines } = capture();
  beforeAll(async () => {
    server = await createSplitcast(configWith({ PORT: 0, HOST: '127.0.0.1', DATA_DIR: tempDataDir(), RATE_LIMIT_IP: 3, RATE_LIMIT_WINDOW_MS: 60_000 }), { log });
  });
  afterAll(() => server?.close());

  it('logs a flood of 429s as one warn line, and no error', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await fetch(`${server.url}/api/events`)).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(27);
    const refused = lines.filter((l) => l.msg.startsWith('requests refused: too many (429)'));
    expect(refused).toHaveLength(1);
    expect(refused[0].level).toBe(WARN);
    expect(lines.filter((l) => l.res?.statusCode === 429)).toEqual([]);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  });
});
