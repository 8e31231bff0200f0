// Property-based fuzzing of every Socket.IO event, spectators' and organizers': whatever arrives, the
// server answers an ack with {ok: false, error} saying what is wrong (or a real answer), never
// crashes or drops the connection, and the live state does not change.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectOrganizer, startWithOrganizer, type OrganizerSocket } from './organizer-helpers';
import { anyJson } from './support/fuzz';
import { connectSocket, type TestPrimary, type TestSocket } from './support/servers';

const RUNS = { spectator: 4_000, organizer: 1_500 };
let primary: TestPrimary & { cookie: string };
let spectator: TestSocket;
let organizer: OrganizerSocket;

beforeAll(async () => {
  primary = await startWithOrganizer({ config: { RATE_LIMIT_IP: 0, RATE_LIMIT_DEVICE: 0, SOCKET_BURST: 0 } });
  spectator = await connectSocket(primary.server.url, { wholeRace: true });
  organizer = await connectOrganizer(primary.server.url, primary.cookie);
});
afterAll(async () => {
  spectator?.close();
  organizer?.close();
  await primary?.server.close();
});

const id = fc.oneof(fc.constantFrom('test-event', '10k', 'loop', 'nope', '', '__proto__'), fc.string({ maxLength: 100 }), fc.integer(), fc.constant(null));
const nearSubscription = fc.record({ eventId: id, raceId: id, bibs: fc.oneof(fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.integer()), { maxLength: 80 }), anyJson), extra: anyJson }, { requiredKeys: [] });
const payload = fc.oneof(nearSubscription, anyJson, fc.string({ maxLength: 20_000 }));

function isAck(res: unknown): boolean {
  if (typeof res !== 'object' || res === null) return false;
  const r = res as { ok?: unknown; error?: unknown };
  return r.ok === true || (r.ok === false && typeof r.error === 'string' && r.error.length >= 5 && !/\n\s+at |node_modules/.test(r.error));
}

async function state(): Promise<string> {
  return JSON.stringify(primary.server.primary!.runtime.state('test-event'));
}

describe('fuzzing Socket.IO events', () => {
  it(`spectator events: ${RUNS.spectator} generated payloads, each acked with a clear answer`, async () => {
    const before = await state();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('race:subscribe', 'race:unsubscribe', 'runners:follow', 'field:subscribe', 'field:unsubscribe', 'race:view', 'race:unview', 'race:summary', 'race:unsummary', 'race:stage', 'race:unstage'), payload, fc.boolean(), async (event, data, withAck) => {
        const raw = spectator as unknown as { emit: (...a: unknown[]) => void; timeout: (ms: number) => { emitWithAck: (...a: unknown[]) => Promise<unknown> } };
        if (!withAck) {
          // No ack function, or something else in its place: the server must shrug.
          raw.emit(event, data, 'not a function');
          return;
        }
        const res = await raw.timeout(5_000).emitWithAck(event, data);
        if (!isAck(res)) throw new Error(`${event}: unexpected ack ${JSON.stringify(res).slice(0, 200)}`);
      }),
      { numRuns: RUNS.spectator, seed: 9 },
    );
    // Unknown events, odd argument lists.
    for (const args of [['nope'], ['race:update', { seq: 1 }], ['race:subscribe'], ['race:subscribe', 1, 2, 3, 4], ['runners:follow', null, null]]) {
      (spectator as unknown as { emit: (...a: unknown[]) => void }).emit(...(args as [string]));
    }
    expect(spectator.connected).toBe(true);
    const ok = await spectator.emitWithAck('race:subscribe', { eventId: 'test-event', raceId: '10k' });
    expect(ok.ok).toBe(true);
    expect(await state()).toBe(before);
  });

  it(`organizer events: ${RUNS.organizer} generated payloads, each acked with a clear answer`, async () => {
    const before = await state();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.record({ eventId: id, options: fc.oneof(anyJson, fc.record({ intervalMs: fc.oneof(fc.integer(), fc.string()), pace: anyJson }, { requiredKeys: [] })) }, { requiredKeys: [] }), payload), async (data) => {
        const raw = organizer as unknown as { timeout: (ms: number) => { emitWithAck: (...a: unknown[]) => Promise<unknown> } };
        const res = await raw.timeout(5_000).emitWithAck('monitoring:subscribe', data);
        if (!isAck(res)) throw new Error(`monitoring:subscribe: unexpected ack ${JSON.stringify(res).slice(0, 200)}`);
      }),
      { numRuns: RUNS.organizer, seed: 10 },
    );
    expect(organizer.connected).toBe(true);
    expect(await state()).toBe(before);
  });

  it('a message over the size limit closes only that connection', async () => {
    const big = await connectSocket(primary.server.url);
    const closed = new Promise<void>((r) => big.once('disconnect', () => r()));
    big.emit('race:subscribe', { eventId: 'x'.repeat(200_000), raceId: '10k' }, () => {});
    await closed;
    expect(spectator.connected).toBe(true);
    expect((await spectator.emitWithAck('race:subscribe', { eventId: 'test-event', raceId: 'loop' })).ok).toBe(true);
    // Another site's page may not open a socket here; the same site and non-browsers may.
    const handshake = (origin?: string) => fetch(`${primary.server.url}/socket.io/?EIO=4&transport=polling`, { headers: origin ? { origin } : {} });
    const foreign = await handshake('https://evil.example');
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toMatch(/other sites/);
    expect((await handshake(primary.server.url)).status).toBe(200);
    expect((await handshake()).status).toBe(200);
  });
});
