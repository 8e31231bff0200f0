// Every Socket.IO room name, in one place: who joins a room and who sends to it must spell it alike.
export const eventRoom = (eventId: string) => `event:${eventId}`;
/** A race's whole deltas (stadium screen, announcer). */
export const raceRoom = (eventId: string, raceId: string) => `race:${eventId}:${raceId}`;
/** Followers of one runner. */
export const runnerRoom = (eventId: string, bib: string) => `runner:${eventId}:${bib}`;
export const summaryRoom = (eventId: string, raceId: string) => `summary:${eventId}:${raceId}`;
export const fieldRoom = (eventId: string, raceId: string) => `field:${eventId}:${raceId}`;
/** Sockets showing the same leaderboard window (see shared/race-view.ts viewKey). */
export const viewRoom = (key: string) => `view:${key}`;
export const screenRoom = (eventId: string) => `screen:${eventId}`;
export const organizerRoom = (eventId: string) => `organizer:${eventId}`;
