// Monitoring for many consoles at once, against the real server and organizer sockets: one
// computation per event and interval shared by every subscriber, options rounded to the minute,
// and a subscription budget per organizer session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitoringReport } from '../shared/organizer';
import { ADMIN, connectOrganizer, logIn, startWithOrganizer, type OrganizerSocket } from './organizer-helpers';
import type { TestPrimary } from './support/servers';

let p: TestPrimary & { cookie: string };
const sockets: OrganizerSocket[] = [];

beforeAll(async () => {
  p = await startWithOrganizer({ config: { MONITOR_INTERVAL_MS: 500 } });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await p?.server.close();
});

async function organizer(cookie = p.cookie): Promise<OrganizerSocket> {
  const socket = await connectOrganizer(p.server.url, cookie);
  sockets.push(socket);
  return socket;
}

const subscribe = (socket: OrganizerSocket, options: { overdueToleranceSeconds?: number; silenceSeconds?: number }) =>
  socket.timeout(5_000).emitWithAck('monitoring:subscribe', { eventId: 'test-event', options });
const nextReport = (socket: OrganizerSocket) => new Promise<MonitoringReport>((resolve) => socket.once('monitoring:report', resolve));
const computations = () => p.server.primary!.monitoring.computations;

describe('monitoring shared by its subscribers', () => {
  it('computes each event once per interval for all sockets, whatever their options', async () => {
    const consoles = await Promise.all(Array.from({ length: 8 }, () => organizer()));
    // Eight settings a few seconds apart: two minutes' worth once rounded.
    const asked = consoles.map((_, i) => ({ overdueToleranceSeconds: 590 + i * 5, silenceSeconds: 175 + i * 10 }));
    const before = computations();
    const acks = await Promise.all(consoles.map((s, i) => subscribe(s, asked[i])));
    expect(acks.every((a) => a.ok)).toBe(true);
    // The answers to subscriptions share the latest computation too (an interval may pass meanwhile).
    expect(computations() - before).toBeLessThanOrEqual(2);
    expect(acks.map((a) => a.ok && a.data.options)).toEqual(
      asked.map((o) => ({ overdueToleranceSeconds: o.overdueToleranceSeconds < 630 ? 600 : 660, silenceSeconds: o.silenceSeconds < 210 ? 180 : 240, silentMinRunners: 3 })),
    );

    // Three rounds of reports to every console: three computations, not twenty-four.
    const start = computations();
    for (let round = 0; round < 3; round++) {
      const reports = await Promise.all(consoles.map(nextReport));
      // One round: every console's report is of the same moment.
      expect(new Set(reports.map((r) => r.at)).size).toBe(1);
    }
    const spent = computations() - start;
    expect(spent).toBeGreaterThanOrEqual(3);
    expect(spent).toBeLessThanOrEqual(4);
  });

  it('budgets subscriptions per organizer session, all its sockets together', async () => {
    const session = await logIn(p.server.url, ADMIN.email, ADMIN.password);
    const [first, second] = [await organizer(session), await organizer(session)];
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await subscribe(i % 2 ? second : first, { overdueToleranceSeconds: 60 * i }));
    const refused = answers.filter((a) => !a.ok);
    // Ten at once, then one a second: twelve in a row cannot all pass.
    expect(answers.slice(0, 10).every((a) => a.ok)).toBe(true);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toEqual({ ok: false, error: 'too many monitoring subscriptions from this session; slow down' });
    // Another session (the same organizer logged in elsewhere) has its own budget.
    const elsewhere = await organizer(await logIn(p.server.url, ADMIN.email, ADMIN.password));
    expect((await subscribe(elsewhere, { overdueToleranceSeconds: 600 })).ok).toBe(true);
  });
});
