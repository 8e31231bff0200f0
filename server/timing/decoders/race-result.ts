// RACE RESULT decoder passings (System/Active decoders, protocol 3.x): ";"-separated records ending
// in CRLF, pushed as "#P;<record>" (SETPUSHPASSINGS;1) or answered bare to a "<from>:<count>" fetch:
//
//   #P;1234;A0B1C2;2026-04-17;09:30:00.123;1;3;-75;0;0;1;0;0;0;0;0;0;D-5217;1;1;5217
//     1 passing number   2 transponder   3 date   4 time of day   5 event id   6 hits   7 max RSSI
//     8 internal data   9 is active   10 channel   11 loop id   12 loop only   13 wake-up counter
//     14 battery   15 temperature   16 internal active data   17 box name   18 file number
//     19 max RSSI antenna   20 box id
//
// The decoder itself only answers clients, so the stream reaches Splitcast from a forwarder on the
// timing laptop that opens the connection with "AUTH;<device token>" and then relays the records.
// A record is identified by box, file and passing number, so a re-fetched range is recognised.
import { control, rejected, type DecoderSession, type LineResult, type TimingDecoder } from './decoder';

const AUTH = /^AUTH;(\S{8,200})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{1,2}:\d{2}:\d{2}(\.\d{1,6})?$/;
/** The transponder code of a trigger (manual input), not a runner. */
const MARKER = '99999';
/** Fields up to the box name: shorter records (old protocols) lack the box and are refused. */
const MIN_FIELDS = 17;

class RaceResultSession implements DecoderSession {
  onLine(line: string): LineResult {
    const auth = AUTH.exec(line);
    if (auth) return { outcome: { kind: 'auth', token: auth[1] }, replies: [] };
    if (line === 'PING' || /^(PASSINGS|GETSTATUS|GETPROTOCOL|SETPROTOCOL|SETPUSHPASSINGS|GETCONFIG)\b/.test(line)) return control();
    const fields = line.startsWith('#P;') ? line.slice(3).split(';') : /^\d/.test(line) ? line.split(';') : null;
    if (!fields) return rejected(`unknown message "${line.slice(0, 20)}"`);
    if (fields.length < MIN_FIELDS) return rejected(`a passing needs at least ${MIN_FIELDS} fields, got ${fields.length}`);
    const [no, chip, date, time] = fields;
    const loop = fields[10];
    const box = fields[16];
    const file = fields[17] ?? '';
    if (!/^\d{1,12}$/.test(no)) return rejected(`passing number "${no.slice(0, 20)}" is not a number`);
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(chip)) return rejected(`transponder "${chip.slice(0, 20)}" is not a chip code`);
    if (chip === MARKER) return control();
    if (!TIME.test(time)) return rejected(`time "${time.slice(0, 30)}" is not a time of day`);
    if (date !== '' && date !== '0000-00-00' && !DATE.test(date)) return rejected(`date "${date.slice(0, 20)}" is not YYYY-MM-DD`);
    if (!box) return rejected('passing without a box name');
    return {
      outcome: {
        kind: 'passing',
        passing: {
          readId: `rr:${box}:${file}:${no}`,
          location: loop && loop !== '0' ? `${box}:${loop}` : box,
          chip,
          time: { date: DATE.test(date) && date !== '0000-00-00' ? date : null, time },
        },
      },
      replies: [],
    };
  }

  onAuthenticated(): string[] {
    return [];
  }
}

export const raceResultDecoder: TimingDecoder = {
  name: 'raceresult',
  eol: '\r\n',
  recognises: (firstLine) => AUTH.test(firstLine),
  session: () => new RaceResultSession(),
};
