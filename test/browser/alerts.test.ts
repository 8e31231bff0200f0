// "Alert me" in Chromium against the real server and the built client, notifications granted. The
// browser's own push service cannot be reached from here, so PushManager.subscribe alone is
// replaced (it hands back a subscription at an allowed push-service origin, with real P-256 keys);
// the server stores it as it would any other. A push message is then delivered to the real service
// worker through the DevTools protocol, and the notification it shows is read back; then a read at a
// mat makes the open page show the same alert from the socket.
import { createECDH, randomBytes } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Splitcast } from '../../server/app';
import type { AlertPayload } from '../../shared/alerts';
import { GUN, min, smallEvent } from '../fixtures';
import { postReads } from '../support/servers';
import { builtClient, launchChromium, startClientServer } from './support/harness';

// A push service on loopback where nothing listens: the server's sends stay on this machine.
const ENDPOINT = 'https://127.0.0.1:9/subscription-1';
let browser: Browser;
let server: Splitcast;

beforeAll(async () => {
  server = await startClientServer(builtClient(), { PUSH_SERVICES: [{ origin: 'https://127.0.0.1:9', host: '127.0.0.1', anySubdomain: false, port: '9' }] });
  server.primary!.runtime.saveSetup(smallEvent());
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A context with notifications granted whose PushManager hands back a subscription at ENDPOINT (real P-256 keys), counting permission requests. */
async function alertingContext(): Promise<BrowserContext> {
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
  return context;
}

describe('alerts in the browser', () => {
  it('asks on the click, subscribes at the server, shows the worker’s notification, and stops with one click', async () => {
    const context = await alertingContext();
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
    expect(stored).toEqual({ id: kept.id, bibs: ['1'], lang: 'en', spot: null });

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
    const shown = () =>
      page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as unknown })));
    await expect.poll(shown, { timeout: 15_000 }).toEqual([{ title: payload.title, body: payload.body, tag: payload.tag, data: { url: payload.url } }]);

    // The page itself tells of a passing from the socket, with no push service: a read at the 5 km mat.
    await page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).forEach((n) => n.close()));
    const { token } = server.primary!.devices.create('test-event', 'browser test mat', Date.now());
    expect((await postReads(server.url, 'test-event', token, { reads: [{ point: '5k', chip: 'C1', time: GUN + min(25) }] })).status).toBe(200);
    const passingShown = () =>
      page.evaluate(async () => {
        const notifications = await (await navigator.serviceWorker.ready).getNotifications();
        const passing = notifications.find((n) => n.tag === 'test-event:1:passing:5k#0');
        return passing ? { title: passing.title, body: passing.body } : null;
      });
    // The socket's runner update carries no place at each mat: the page's alert goes without it.
    await expect.poll(passingShown, { timeout: 15_000 }).toEqual({ title: 'Ana (1) passed 5 km', body: 'at 07:25:00 · 5:00/km' });

    await button.click();
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('false');
    expect((await fetch(`${server.url}/api/events/test-event/alerts/${kept.id}`)).status).toBe(404);
    await context.close();
  });
  it('my spot: picked on the course strip or typed as a distance, shows each followed runner’s expected time there, and the alert as she nears it; a click on it opens her page', async () => {
    // A race run now (the gun 25 minutes ago): Ana passes 5 km at 5:00/km.
    const gun = Date.now() - min(25);
    const live = smallEvent({ id: 'spot-event', date: new Date(gun).toISOString().slice(0, 10), races: smallEvent().races.map((r) => ({ ...r, gunTime: gun })) });
    server.primary!.runtime.saveSetup(live);
    const { token } = server.primary!.devices.create(live.id, 'spot test mat', Date.now());
    expect((await postReads(server.url, live.id, token, { reads: [{ point: 'start', chip: 'C1', time: gun + 1000 }, { point: '5k', chip: 'C1', time: gun + min(25) }] })).status).toBe(200);

    const context = await alertingContext();
    // Ana is followed (the star), as a spectator would have done before.
    await context.addInitScript(() => localStorage.setItem('splitcast.follow.spot-event', JSON.stringify(['1'])));
    const page = await context.newPage();
    await page.goto(`${server.url}/e/spot-event/race/10k`);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const panel = page.getByTestId('my-spot');
    // Picked on the course strip (this race has no course line): 3 km of 10 (the strip is inset 4 % at each end).
    await panel.getByTestId('spot-pick').click();
    const strip = page.getByTestId('strip-canvas');
    const box = (await strip.boundingBox())!;
    // The runners' canvas lets clicks through to the strip beneath it.
    await page.mouse.click(box.x + box.width * (0.04 + 0.92 * 0.3), box.y + box.height * 0.3);
    await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('splitcast.spot.spot-event') ?? 'null') as { raceId: string; distance: number } | null)).toMatchObject({ raceId: '10k' });
    const picked = await page.evaluate(() => (JSON.parse(localStorage.getItem('splitcast.spot.spot-event')!) as { distance: number }).distance);
    expect(Math.abs(picked - 3000)).toBeLessThan(100);
    // Then typed as a distance.
    await panel.getByTestId('spot-race').selectOption('10k');
    await panel.getByTestId('spot-km').fill('6.5');
    await panel.getByTestId('spot-set').click();
    await expect.poll(() => page.evaluate(() => localStorage.getItem('splitcast.spot.spot-event'))).toBe(JSON.stringify({ raceId: '10k', distance: 6500 }));
    // Expected at 6.5 km in about 7.5 minutes, with the range from the engine's.
    await expect.poll(() => panel.getByTestId('spot-1').textContent(), { timeout: 15_000 }).toMatch(/Ana.*\d\d:\d\d:\d\d \(\d\d:\d\d–\d\d:\d\d\) · in [5-8] min/);
    const spotText = await panel.getByTestId('spot-where').textContent();
    expect(spotText).toBe('10 km · 6.5 km');

    // Alerts on: the spot goes to the server with the runners, and the open page tells of her nearing it.
    await page.getByTestId('alert-1').click();
    await expect.poll(() => page.getByTestId('alert-1').getAttribute('aria-pressed')).toBe('true');
    const kept = JSON.parse((await page.evaluate(() => localStorage.getItem('splitcast.alerts.spot-event')))!) as { id: string };
    expect(await (await fetch(`${server.url}/api/events/spot-event/alerts/${kept.id}`)).json()).toMatchObject({ bibs: ['1'], spot: { raceId: '10k', distance: 6500 } });
    const spotShown = () =>
      page.evaluate(async () => {
        const n = (await (await navigator.serviceWorker.ready).getNotifications()).find((x) => x.tag === 'spot-event:1:spot:6500');
        return n ? { title: n.title, body: n.body } : null;
      });
    await expect.poll(spotShown, { timeout: 15_000 }).toMatchObject({ title: 'Ana (1) is about 10 minutes from your spot' });
    expect((await spotShown())!.body).toMatch(/^expected at 6\.5 km \d\d:\d\d–\d\d:\d\d$/);

    // The click on it, in the service worker: headless Chromium shows no notification to click, so
    // the worker's own notificationclick handler is given the notification it shows.
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    const worker = context.serviceWorkers().find((w) => w.url().startsWith(server.url)) ?? (await context.waitForEvent('serviceworker'));
    await worker.evaluate(async (tag) => {
      const scope = self as unknown as { registration: ServiceWorkerRegistration; dispatchEvent(e: Event): boolean };
      const [notification] = await scope.registration.getNotifications({ tag });
      const NotificationEventClass = (self as unknown as { NotificationEvent: new (type: string, init: { notification: Notification }) => Event }).NotificationEvent;
      scope.dispatchEvent(new NotificationEventClass('notificationclick', { notification }));
    }, 'spot-event:1:spot:6500');
    await page.waitForURL(`${server.url}/e/spot-event/runner/1`, { timeout: 15_000 });
    await expect.poll(() => page.getByTestId('runner-page').isVisible()).toBe(true);
    // The clicked notification is closed.
    expect(await spotShown()).toBeNull();
    await context.close();
  });
});
