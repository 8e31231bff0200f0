// DEMO_RESULTS: the demo event is a real results file, its first gun at start-up, fed through the
// real HTTP ingest; a restart keeps the event's times and goes on.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSplitcast, type Splitcast } from '../server/app';
import { configWith } from '../server/config';
import { startDemo } from '../server/demo/start-demo';
import type { Feeder } from '../server/simulator/feeder';
import type { EventInfo } from '../shared/domain';
import { connectSocket, nextUpdate, tempDataDir, type TestSocket, TEST_CLUSTER_TOKEN } from './support/servers';
import { waitFor } from './support/wait-for';

const BOSTON_2017 = resolve(__dirname, '../datasets/boston/2017.csv');

describe('results file demo', () => {
  const open: { server: Splitcast; feeder: Feeder | null; socket?: TestSocket }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0)) {
      o.socket?.close();
      o.feeder?.stop();
      await o.server.close();
    }
  });

  const start = async (dataDir: string, file: string, speed: number) => {
    const config = configWith({ PORT: 0, HOST: '127.0.0.1', DATA_DIR: dataDir, COALESCE_MS: 50, DEMO: true, DEMO_RESULTS: file, DEMO_SPEED: speed, CLUSTER_TOKEN: TEST_CLUSTER_TOKEN });
    const server = await createSplitcast(config);
    const feeder = await startDemo(server, config);
    const entry = { server, feeder, socket: undefined as TestSocket | undefined };
    open.push(entry);
    return entry;
  };

  it('plays a results file from start-up: listed with its entrants, guns at start-up, runners finishing', async () => {
    const dataDir = tempDataDir();
    const file = join(dataDir, 'Boston 2017.csv');
    // The header and 150 runners: the fastest come first in the file, so some finish quickly.
    writeFileSync(file, readFileSync(BOSTON_2017, 'utf8').split('\n').slice(0, 151).join('\n'));
    const before = Date.now();
    const demo = await start(dataDir, file, 5_000);

    const events = (await (await fetch(`${demo.server.url}/api/events`)).json()) as EventInfo[];
    const info = events.find((e) => e.id === 'results-boston-2017');
    expect(info, JSON.stringify(events.map((e) => e.id))).toBeDefined();
    expect(info!.entrantCount).toBe(150);
    const guns = info!.races.flatMap((r) => r.waves.map((w) => w.gunTime!));
    expect(Math.min(...guns)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
    expect(Math.min(...guns)).toBeLessThanOrEqual(Date.now() + 1000);

    demo.socket = await connectSocket(demo.server.url, { wholeRace: true });
    const raceId = info!.races[0].id;
    const finished = nextUpdate(demo.socket, 'race:update', (u) => u.eventId === info!.id && u.counters.finished > 0, 20_000);
    demo.socket.emit('race:subscribe', { eventId: info!.id, raceId }, () => undefined);
    const [update] = await finished;
    expect(update.counters.started).toBeGreaterThan(0);
    // Finish times are the file's, not the time the demo took.
    const winner = update.runners.find((r) => r.status === 'finished')!;
    expect(winner.netTime).toBeGreaterThan(2 * 3600_000);
  });

  it('a restart keeps the stored guns and re-sends nothing twice', async () => {
    const dataDir = tempDataDir();
    const file = join(dataDir, '2017.csv');
    writeFileSync(file, readFileSync(BOSTON_2017, 'utf8').split('\n').slice(0, 41).join('\n'));
    const first = await start(dataDir, file, 5_000);
    await waitFor(async () => first.feeder!.stats.accepted, (n) => n > 0, 'first reads stored');
    const guns = first.server.primary!.runtime.setup('results-2017')!.races[0].waves.map((w) => w.gunTime);
    first.feeder!.stop();
    await first.server.close();
    open.splice(0);

    const again = await start(dataDir, file, 5_000);
    const setup = again.server.primary!.runtime.setup('results-2017')!;
    expect(setup.races[0].waves.map((w) => w.gunTime)).toEqual(guns);
    expect(setup.entrants).toHaveLength(40);
    // Everything the first run stored comes back as a duplicate; the rest is stored once.
    const stored = first.feeder!.stats.accepted;
    const total = (await waitFor(async () => again.feeder!.stats, (s) => s.accepted + s.duplicates >= 400, 'the second run sent every read')) as Feeder['stats'];
    expect(total.duplicates).toBeGreaterThanOrEqual(stored);
    expect(total.rejected).toBe(0);
  });

  it('an unreadable file stops the start with a clear message', async () => {
    const dataDir = tempDataDir();
    const config = configWith({ PORT: 0, HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: true, DEMO_RESULTS: join(dataDir, 'missing.csv') });
    const server = await createSplitcast(config);
    open.push({ server, feeder: null });
    await expect(startDemo(server, config)).rejects.toThrow(/DEMO_RESULTS: cannot read .*missing\.csv \(ENOENT\)/);
  });
});
