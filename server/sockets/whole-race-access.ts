// Who may take a whole race over a socket (`race:subscribe`): an organizer's session that may manage
// the event, or the cluster's own tools presenting its token. A whole race is megabytes at a major's
// size; spectators, the stadium screen and the announcer get windows and the field stream instead.
import { timingSafeEqual } from 'node:crypto';
import type { Socket } from 'socket.io';
import { SESSION_COOKIE } from '../organizer/accounts';
import { mayManage, organizerOfSession } from '../organizer/accounts';
import type { OrganizerConsole } from '../organizer/organizer-console';

export const WHOLE_RACE_REFUSED = 'the whole race is for organizers: log in to the console, or ask for a window of the leaderboard (race:view) and the field (field:subscribe)';

/** `organizers`: this instance's console, once it has one (a replica never does). */
export function wholeRaceAccess(deps: { clusterToken?: string; organizers: () => OrganizerConsole | undefined }): (socket: Socket, eventId: string) => boolean {
  const expected = deps.clusterToken ? Buffer.from(deps.clusterToken) : null;
  return (socket, eventId) => {
    const given = (socket.handshake.auth as { clusterToken?: unknown } | undefined)?.clusterToken;
    if (expected && typeof given === 'string') {
      const bytes = Buffer.from(given);
      if (bytes.length === expected.length && timingSafeEqual(bytes, expected)) return true;
    }
    const organizers = deps.organizers();
    const header = socket.request.headers.cookie;
    if (!organizers || !header) return false;
    const organizer = organizerOfSession(organizers.context, sessionToken(header));
    return organizer !== undefined && mayManage(organizer, eventId);
  };
}

/** The session cookie's value in a Cookie header (the first one, as cookie-parser reads it). */
function sessionToken(header: string): string | undefined {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}
