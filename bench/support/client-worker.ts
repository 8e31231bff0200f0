// A worker thread holding many Socket.IO spectator clients subscribed to one race. For each round
// the main thread arms, it records when every client received its next race:update (on the same
// clock as the main thread) and posts the times back.
import { parentPort, workerData } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, RaceUpdate, ServerToClientEvents } from '../../shared/socket-events';
import { clock } from './stats';

export type WorkerCommand =
  | { type: 'connect'; url: string; count: number }
  | { type: 'arm'; round: number }
  | { type: 'close' };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'connected'; total: number }
  | { type: 'armed'; round: number }
  | { type: 'round'; round: number; times: number[]; payload: RaceUpdate | null }
  | { type: 'closed' };

const { eventId, raceId } = workerData as { eventId: string; raceId: string };
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
let round = 0;
let armed = false;
let times: number[] = [];
let payload: RaceUpdate | null = null;
let expected = 0;

const reply = (m: WorkerReply) => parentPort!.postMessage(m);

function onUpdate(this: unknown, update: RaceUpdate): void {
  if (!armed) return;
  times.push(clock());
  payload ??= update;
  if (times.length === expected) {
    armed = false;
    reply({ type: 'round', round, times, payload });
  }
}

async function connectOne(url: string): Promise<void> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 60_000 });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const res = await socket.timeout(60_000).emitWithAck('race:subscribe', { eventId, raceId });
  if (!res.ok) throw new Error(res.error);
  socket.on('race:update', onUpdate);
  sockets.push(socket);
}

parentPort!.on('message', async (command: WorkerCommand) => {
  if (command.type === 'connect') {
    // A few hundred handshakes at a time: the server accepts them without a backlog of timeouts.
    for (let left = command.count; left > 0; left -= 200) {
      await Promise.all(Array.from({ length: Math.min(200, left) }, () => connectOne(command.url)));
    }
    reply({ type: 'connected', total: sockets.length });
  } else if (command.type === 'arm') {
    round = command.round;
    armed = true;
    times = [];
    payload = null;
    expected = sockets.length;
    reply({ type: 'armed', round });
  } else if (command.type === 'close') {
    for (const s of sockets) s.close();
    reply({ type: 'closed' });
  }
});

reply({ type: 'ready' });
