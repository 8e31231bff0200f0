// ChronoTrack socket protocol (CTP01), as ChronoTrack SimpleClient and compatible controllers speak
// it over TCP: "~"-separated text lines ending in CRLF.
//
//   controller → us   SimpleClient~1.4.2~CTP01                      greeting: name, version, protocol
//   us → controller   Splitcast~4, then stream-mode=push, time-format=iso, newlocations=true,
//                     connection-id=false, then getlocations and authorize
//   controller → us   ack~getlocations~START~10K~FINISH               its locations
//   controller → us   ack~authorize~<device token>                    the device token (last field)
//   us → controller   start                                           stream the reads
//   controller → us   CT01_33~2038~30k~10056~09:15:21.00~1~ED932A~2   protocol, line no., location, tag,
//                                                                    time, lap count, reader, antenna
//   us ↔ controller   ping / ack~ping                                 keep-alive
//
// Special tags: "guntime" (a gun fired at that location) and "newlocation" (a location was added).
// Time comes as time of day (09:15:21.00), ISO local time (2026-04-17T09:15:21.00) or epoch seconds.
import { control, rejected, type DecoderSession, type EquipmentTime, type LineResult, type TimingDecoder } from './decoder';

const GREETING = /^[^~]{1,64}~[^~]{0,32}~CTP\d{2}$/;
const READ_PROTOCOL = /^CT01_\d{2}$/;
const TIME_OF_DAY = /^\d{1,2}:\d{2}:\d{2}(\.\d{1,3})?$/;
const ISO_LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(\.\d{1,3})?)$/;
const EPOCH_SECONDS = /^\d{9,11}(\.\d{1,3})?$/;

export const FEATURES = ['stream-mode=push', 'time-format=iso', 'newlocations=true', 'connection-id=false'];

export function parseChronoTrackTime(text: string): EquipmentTime | null {
  if (TIME_OF_DAY.test(text)) return { date: null, time: text };
  const iso = ISO_LOCAL.exec(text);
  if (iso) return { date: iso[1], time: iso[2] };
  if (EPOCH_SECONDS.test(text)) return { epochMs: Math.round(Number(text) * 1000) };
  return null;
}

class ChronoTrackSession implements DecoderSession {
  private greeted = false;

  onLine(line: string): LineResult {
    const parts = line.split('~');
    if (!this.greeted) {
      if (!GREETING.test(line)) return rejected('expected the ChronoTrack greeting "<name>~<version>~CTP01"');
      this.greeted = true;
      return control([`Splitcast~${FEATURES.length}`, ...FEATURES, 'getlocations', 'authorize']);
    }
    if (parts[0] === 'ack') {
      if (parts[1] === 'authorize') {
        const token = parts[parts.length - 1];
        return parts.length >= 3 && token ? { outcome: { kind: 'auth', token }, replies: [] } : rejected('authorize answer without a token');
      }
      return control();
    }
    if (line === 'ping') return control(['ack~ping']);
    if (READ_PROTOCOL.test(parts[0])) return this.read(parts);
    return rejected(`unknown message "${parts[0].slice(0, 20)}"`);
  }

  onAuthenticated(): string[] {
    return ['start'];
  }

  private read(parts: string[]): LineResult {
    if (parts.length < 5) return rejected(`a read needs at least 5 fields, got ${parts.length}`);
    const [, seq, location, tag, timeText] = parts;
    if (!/^\d{1,12}$/.test(seq)) return rejected(`line number "${seq.slice(0, 20)}" is not a number`);
    if (!location) return rejected('read without a location');
    if (tag === 'newlocation') return control(['getlocations', `start~${location}`]);
    if (tag === 'guntime') return control();
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(tag)) return rejected(`tag "${tag.slice(0, 20)}" is not a chip code`);
    const time = parseChronoTrackTime(timeText ?? '');
    if (!time) return rejected(`time "${(timeText ?? '').slice(0, 30)}" is not a ChronoTrack time`);
    return { outcome: { kind: 'passing', passing: { readId: `ct:${location}:${seq}`, location, chip: tag, time } }, replies: [] };
  }
}

export const chronoTrackDecoder: TimingDecoder = {
  name: 'chronotrack',
  eol: '\r\n',
  keepAlive: 'ping',
  recognises: (firstLine) => GREETING.test(firstLine),
  session: () => new ChronoTrackSession(),
};
