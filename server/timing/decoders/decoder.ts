// The one interface every timing-equipment format implements, so a new vendor is one file.
// A decoder turns one line of a connection into a passing, a reply, or a counted rejection;
// it never throws on what the equipment sends.

/** A time as equipment gives it: epoch ms, or a wall-clock time of day (with its date when sent). */
export type EquipmentTime = { epochMs: number } | { date: string | null; time: string };

/** One chip read as the controller reported it, before its location is mapped to a timing point. */
export interface RawPassing {
  /** The controller's own identity of the read (location or box + sequence), stable across re-sends;
   *  without one a read is known by its point, chip and time. */
  readId?: string;
  /** The controller's name for where it read (ChronoTrack location, Race Result box or loop). */
  location: string;
  /** The chip read; equipment always sends one. */
  chip?: string;
  /** A bib instead of a chip (manual or file reads). */
  bib?: string;
  time: EquipmentTime;
}

export type LineOutcome =
  | { kind: 'passing'; passing: RawPassing }
  /** The device presented its token. */
  | { kind: 'auth'; token: string }
  /** Protocol housekeeping (greeting, pings, location lists): nothing to store. */
  | { kind: 'control' }
  | { kind: 'rejected'; reason: string };

export interface LineResult {
  outcome: LineOutcome;
  /** Lines to send back, in the format's own vocabulary. */
  replies: string[];
}

export interface DecoderSession {
  onLine(line: string): LineResult;
  /** Lines to send once the device is authenticated (e.g. ask the controller to start streaming). */
  onAuthenticated(): string[];
}

export interface TimingDecoder {
  /** Short name, as logged and counted. */
  name: string;
  /** Whether the first line of a connection is this format's greeting. */
  recognises(firstLine: string): boolean;
  /** A session for one connection; it sees every line, the greeting included. */
  session(): DecoderSession;
  /** Line terminator the format uses when replying. */
  eol: string;
  /** A line the device answers, sent while the connection is quiet so a dead link is noticed. */
  keepAlive?: string;
}

export const control = (replies: string[] = []): LineResult => ({ outcome: { kind: 'control' }, replies });
export const rejected = (reason: string): LineResult => ({ outcome: { kind: 'rejected', reason }, replies: [] });
