// "Alert me" in Chromium against the real server and the built client, notifications granted. The
// browser's own push service cannot be reached from here, so PushManager.subscribe alone is
// replaced (it hands back a subscription at an allowed push-service origin, with real P-256 keys);
// the server stores it as it would any other. A push message is then delivered to the real service
// worker through the DevTools protocol, and the notification it shows is read back.
import { createECDH, randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Splitcast } from '../../server/app';
import type { AlertPayload } from '../../shared/alerts';
import { smallEvent } from '../fixtures';
import { builtClient, launchChromium, startClientServer } from './support/harness';

const ENDPOINT = 'https://push.example/subscription-1';
let browser: Browser;
let server: Splitcast;

beforeAll(async () => {
  server = await startClientServer(builtClient(), { PUSH_SERVICES: [{ origin: 'https://push.example', host: 'push.example', anySubdomain: false, port: '' }] });
  server.primary!.runtime.saveSetup(smallEvent());
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('alerts in the browser', () => {
  it('asks on the click, subscribes at the server, shows the worker’s notification, and stops with one click', async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['notifications'], { origin: server.url });
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const keys = { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
    await context.addInitScript(
      ({ endpoint, keys }) => {
        const w = window as unknown as { testSubscription?: object; asked?: number };
        const subscription = { endpoint, expirationTime: null, toJSON: () => ({ endpoint, expirationTime: null, keys }) };
        PushManager.prototype.getSubscription = async () => (w.testSubscription ?? null) as PushSubscription | null;
        PushManager.prototype.subscribe = async () => ((w.testSubscription = subscription) as unknown as PushSubscription);
        // Counts the permission requests: none before the click.
        const request = Notification.requestPermission.bind(Notification);
        w.asked = 0;
        Notification.requestPermission = (() => (w.asked!++, request())) as typeof Notification.requestPermission;
      },
      { endpoint: ENDPOINT, keys },
    );
    const page = await context.newPage();
    await page.goto(`${server.url}/e/test-event/runner/1`);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const button = page.getByTestId('alert-1');
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('false');
    expect(await page.evaluate(() => (window as unknown as { asked: number }).asked)).toBe(0);

    await button.click();
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => (window as unknown as { asked: number }).asked)).toBe(1);
    const kept = JSON.parse((await page.evaluate(() => localStorage.getItem('splitcast.alerts.test-event')))!) as { id: string; bibs: string[] };
    expect(kept.bibs).toEqual(['1']);
    const stored = await (await fetch(`${server.url}/api/events/test-event/alerts/${kept.id}`)).json();
    expect(stored).toEqual({ id: kept.id, bibs: ['1'], lang: 'en' });

    // A push message to the real worker: the notification it shows.
    const cdp = await context.newCDPSession(page);
    const registration = new Promise<string>((resolve) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const r = registrations.find((x) => x.scopeURL.startsWith(server.url) && !x.isDeleted);
        if (r) resolve(r.registrationId);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    const payload: AlertPayload = { kind: 'passing', eventId: 'test-event', bib: '1', title: 'Ana (1) passed 5 km', body: 'at 07:25:00 · place 1 · 5:00/km', url: '/e/test-event/runner/1', tag: 'test-event:1' };
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: server.url, registrationId: await registration, data: JSON.stringify(payload) });
    const shown = await page.waitForFunction(async () => {
      const notifications = await (await navigator.serviceWorker.ready).getNotifications();
      return notifications.length ? notifications.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as unknown })) : null;
    });
    expect(await shown.jsonValue()).toEqual([{ title: payload.title, body: payload.body, tag: payload.tag, data: { url: payload.url } }]);

    await button.click();
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('false');
    expect((await fetch(`${server.url}/api/events/test-event/alerts/${kept.id}`)).status).toBe(404);
    await context.close();
  });
});
