// A device's contact (last seen) is a hint written with its requests: while another connection
// holds the database past the busy timeout, the request still goes through, and the contact is
// written by a later request once the database is free.
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireDevice } from '../server/http/device-auth';
import { openDatabase, type Db } from '../server/storage/database';
import { DeviceTokens } from '../server/storage/device-tokens';

describe('device contact while the database is busy', () => {
  let db: Db;
  let other: Database.Database;
  let url: string;
  let close: () => void;
  let clock = 1_000_000;
  let token: string;
  let deviceId: string;
  let devices: DeviceTokens;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'splitcast-contact-'));
    db = openDatabase(dir);
    // Not five seconds of waiting in a test: the busy wait is made short.
    db.pragma('busy_timeout = 50');
    devices = new DeviceTokens(db);
    ({ token, device: { id: deviceId } } = devices.create('e', 'mat', clock));
    other = new Database(join(dir, 'splitcast.db'));
    const app = express();
    app.post('/api/events/:eventId/reads', requireDevice(devices, () => clock), (_req, res) => void res.json({ ok: true }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/events/e/reads`;
    close = () => server.close();
  });
  afterAll(() => {
    close();
    other.close();
    db.close();
  });

  const post = () => fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const lastSeen = () => devices.list('e').find((d) => d.id === deviceId)!.lastSeenAt;

  it('takes the request while another connection writes, and writes the contact afterwards', async () => {
    other.exec('BEGIN IMMEDIATE');
    clock += 10_000;
    const busy = await post();
    other.exec('COMMIT');
    expect(busy.status).toBe(200);
    expect(lastSeen()).not.toBe(clock);
    // The next request (not 5 s later) writes it.
    clock += 1;
    expect((await post()).status).toBe(200);
    expect(lastSeen()).toBe(clock);
  });
});
