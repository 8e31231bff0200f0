// Each equipment format from realistic lines, broken and partial ones included. The contract part
// runs unchanged against every decoder, so a new vendor's file gets the same checks.
import { describe, expect, it } from 'vitest';
import { chronoTrackDecoder, parseChronoTrackTime } from '../server/timing/decoders/chronotrack';
import type { LineResult, TimingDecoder } from '../server/timing/decoders/decoder';
import { decoderFor, DECODERS } from '../server/timing/decoders';
import { raceResultDecoder } from '../server/timing/decoders/race-result';
import { LineSplitter } from '../server/timing/line-splitter';
import { wallClockToEpoch } from '../server/timing/wall-clock';

const TOKEN = 'sct_test-token-123456';

/** A greeting, a token and one good passing line per format; the passing is chip C1 at 09:15:21. */
const SAMPLES: Record<string, { hello: string[]; passing: string; location: string }> = {
  chronotrack: { hello: ['SimpleClient~1.4.2~CTP01', `ack~authorize~${TOKEN}`], passing: 'CT01_33~2038~10k~C1~09:15:21.00~1~ED932A~2', location: '10k' },
  raceresult: { hello: [`AUTH;${TOKEN}`], passing: '#P;1234;C1;2026-04-17;09:15:21.000;1;3;-75;0;0;1;0;0;0;0;0;0;D-5217;1;1;5217', location: 'D-5217' },
};

const GARBAGE = ['', '~~~~', ';;;;;', '\u0000\u0001\u0002', 'x'.repeat(900), '#P;', 'CT01_33~', 'CT01_33~1~10k', '#P;1;C1;2026-04-17', 'ack', '💥;💥~💥'];

describe.each(DECODERS.map((d) => [d.name, d] as [string, TimingDecoder]))('decoder contract: %s', (name, decoder) => {
  const sample = SAMPLES[name];
  const run = (lines: string[]): LineResult[] => {
    const session = decoder.session();
    return lines.map((l) => session.onLine(l));
  };

  it('is picked by its first line', () => {
    expect(decoderFor(sample.hello[0])).toBe(decoder);
  });

  it('reads the token and a passing with a stable read id', () => {
    const results = run([...sample.hello, sample.passing]);
    expect(results.map((r) => r.outcome.kind)).toContain('auth');
    const auth = results.find((r) => r.outcome.kind === 'auth')!.outcome as { token: string };
    expect(auth.token).toBe(TOKEN);
    const passing = results[results.length - 1].outcome;
    expect(passing).toMatchObject({ kind: 'passing', passing: { chip: 'C1', location: sample.location } });
    const again = run([...sample.hello, sample.passing]).at(-1)!.outcome;
    expect(again).toEqual(passing);
  });

  it.each(GARBAGE.map((g) => [JSON.stringify(g).slice(0, 30), g]))('rejects or ignores %s without throwing', (_label, line) => {
    const results = run([...sample.hello, line]);
    expect(['rejected', 'control']).toContain(results.at(-1)!.outcome.kind);
  });
});

describe('ChronoTrack CTP01', () => {
  it('answers the greeting with its features, asks for locations and the token, then starts', () => {
    const session = chronoTrackDecoder.session();
    expect(session.onLine('SimpleClient~1.4.2~CTP01').replies).toEqual([
      'Splitcast~4',
      'stream-mode=push',
      'time-format=iso',
      'newlocations=true',
      'connection-id=false',
      'getlocations',
      'authorize',
    ]);
    expect(session.onLine('ack~getlocations~START~10K~FINISH').outcome.kind).toBe('control');
    expect(session.onAuthenticated()).toEqual(['start']);
    expect(session.onLine('ping').replies).toEqual(['ack~ping']);
  });

  it('refuses reads before the greeting', () => {
    const session = chronoTrackDecoder.session();
    expect(session.onLine('CT01_33~1~10k~C1~09:15:21.00~1~ED932A~2').outcome).toEqual({
      kind: 'rejected',
      reason: 'expected the ChronoTrack greeting "<name>~<version>~CTP01"',
    });
  });

  it('reads the older CT01_13 layout, ISO and epoch times, and keys re-sends by location and line number', () => {
    const session = chronoTrackDecoder.session();
    session.onLine('SimpleClient~1.4.2~CTP01');
    expect(session.onLine('CT01_13~24~START~50101~15:54:48.90~1~117F37~8').outcome).toEqual({
      kind: 'passing',
      passing: { readId: 'ct:START:24', location: 'START', chip: '50101', time: { date: null, time: '15:54:48.90' } },
    });
    expect(parseChronoTrackTime('2026-04-17T09:15:21.31')).toEqual({ date: '2026-04-17', time: '09:15:21.31' });
    expect(parseChronoTrackTime('1776417321.5')).toEqual({ epochMs: 1776417321500 });
    expect(parseChronoTrackTime('9h15')).toBeNull();
  });

  it('treats gun times and new locations as control, asking for the new location', () => {
    const session = chronoTrackDecoder.session();
    session.onLine('SimpleClient~1.4.2~CTP01');
    expect(session.onLine('CT01_33~4~start~guntime~07:45:01.01~0~DF239A~0').outcome.kind).toBe('control');
    expect(session.onLine('CT01_33~2038~30k~newlocation~09:15:21.00~0~ED932A~0').replies).toEqual(['getlocations', 'start~30k']);
  });

  it('says why a line is refused', () => {
    const session = chronoTrackDecoder.session();
    session.onLine('SimpleClient~1.4.2~CTP01');
    const reason = (line: string) => (session.onLine(line).outcome as { reason?: string }).reason;
    expect(reason('CT01_33~x1~10k~C1~09:15:21.00~1~A~2')).toBe('line number "x1" is not a number');
    expect(reason('CT01_33~5~10k~C1~25h~1~A~2')).toBe('time "25h" is not a ChronoTrack time');
    expect(reason('CT01_33~5~10k')).toBe('a read needs at least 5 fields, got 3');
    expect(reason('HELLO')).toBe('unknown message "HELLO"');
  });
});

describe('Race Result passings', () => {
  const session = () => raceResultDecoder.session();

  it('reads pushed and fetched records, with the loop id in the location when there is one', () => {
    const s = session();
    expect(s.onLine('#P;7;04711;2026-04-17;09:30:00.123;1;3;-75;0;1;2;3;0;0;0;0;0;D-5217;2;1;5217').outcome).toEqual({
      kind: 'passing',
      passing: { readId: 'rr:D-5217:2:7', location: 'D-5217:3', chip: '04711', time: { date: '2026-04-17', time: '09:30:00.123' } },
    });
    expect(s.onLine('8;04712;0000-00-00;09:30:01.000;1;3;-75;0;0;0;;;;;;;BOX1').outcome).toMatchObject({
      kind: 'passing',
      passing: { readId: 'rr:BOX1::8', location: 'BOX1', time: { date: null, time: '09:30:01.000' } },
    });
  });

  it('ignores trigger markers and protocol answers, and refuses short or broken records', () => {
    const s = session();
    expect(s.onLine('#P;9;99999;2026-04-17;09:30:00.000;1;1;-70;0;0;0;;;;;;;BOX1').outcome.kind).toBe('control');
    expect(s.onLine('PASSINGS;120;2').outcome.kind).toBe('control');
    expect((s.onLine('#P;1;C1;2026-04-17;10:00:00.000;1;1').outcome as { reason: string }).reason).toBe('a passing needs at least 17 fields, got 6');
    expect((s.onLine('#P;1;C1;17/04/2026;10:00:00.000;1;1;-70;0;0;0;;;;;;;BOX1').outcome as { reason: string }).reason).toBe(
      'date "17/04/2026" is not YYYY-MM-DD',
    );
    expect((s.onLine('#P;1;C1;2026-04-17;10:00:00.000;1;1;-70;0;0;0;;;;;;;').outcome as { reason: string }).reason).toBe('passing without a box name');
  });
});

describe('line splitting and wall clocks', () => {
  it('joins lines split across chunks, drops over-long ones and keeps a partial line for the report', () => {
    const s = new LineSplitter(20);
    expect(s.push('abc\r\nde')).toEqual({ lines: ['abc'], tooLong: 0 });
    expect(s.push('f\r\n' + 'x'.repeat(30))).toEqual({ lines: ['def'], tooLong: 0 });
    expect(s.push('yyy\nok\n')).toEqual({ lines: ['ok'], tooLong: 1 });
    s.push('half a li');
    expect(s.rest()).toBe('half a li');
  });

  it('converts venue wall-clock time to epoch ms', () => {
    expect(wallClockToEpoch('2026-04-17', '09:15:21.31', 'UTC')).toBe(Date.UTC(2026, 3, 17, 9, 15, 21, 310));
    expect(wallClockToEpoch('2026-04-17', '09:15:21', 'Asia/Tehran')).toBe(Date.UTC(2026, 3, 17, 5, 45, 21));
    expect(wallClockToEpoch('2026-07-01', '12:00:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 6, 1, 10, 0, 0));
    expect(wallClockToEpoch('2026-04-17', '25:00:00', 'UTC')).toBeNull();
    // Either side of the spring-forward change in Berlin (02:00 CET becomes 03:00 CEST).
    expect(wallClockToEpoch('2026-03-29', '01:30:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 0, 30));
    expect(wallClockToEpoch('2026-03-29', '03:30:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 1, 30));
  });
});
