// The client works under the server's strict Content-Security-Policy: the built client in Chromium,
// the spectator pages, the stadium screen and the organizers' console, with no CSP violation reported.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Splitcast } from '../../server/app';
import { DEMO_EVENT_ID } from '../../server/demo/demo-event';
import type { Feeder } from '../../server/simulator/feeder';
import { builtClient, launchChromium, startDemoServer } from './support/harness';

const ADMIN = { email: 'csp@splitcast.test', password: 'policy is strict here' };
let server: Splitcast;
let feeder: Feeder;
let browser: Browser;
let page: Page;
const violations: string[] = [];
const errors: string[] = [];

beforeAll(async () => {
  const clientDir = builtClient();
  const demo = await startDemoServer({ clientDir, speed: 120, config: { ORGANIZER_EMAIL: ADMIN.email, ORGANIZER_PASSWORD: ADMIN.password } });
  server = demo.server;
  feeder = demo.feeder;
  browser = await launchChromium();
  page = await browser.newPage();
  // Both ways Chromium reports a blocked resource or inline script/style.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} on ${location.pathname}`));
  });
  page.on('console', (msg) => {
    if (/Content[- ]Security[- ]Policy|CSP violation/i.test(msg.text())) violations.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
}, 180_000);
afterAll(async () => {
  feeder?.stop();
  await browser?.close();
  await server?.close();
});

describe('the client under the Content-Security-Policy', () => {
  it('serves the client with the policy', async () => {
    const res = await fetch(`${server.url}/e/${DEMO_EVENT_ID}`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<script');
  });

  it('runs the live race page, the map, a runner page and the screen without a violation', async () => {
    await page.goto(`${server.url}/e/${DEMO_EVENT_ID}/race/marathon`);
    await page.waitForSelector('[data-testid=connection][data-state=live]');
    await page.waitForSelector('[data-testid=leaderboard] .lb-row');
    await page.waitForSelector('[data-testid=runner-canvas]');
    const bib = await page.locator('[data-testid=leaderboard] .lb-row').first().getAttribute('data-bib');
    await page.goto(`${server.url}/e/${DEMO_EVENT_ID}/runner/${bib}`);
    await page.waitForSelector('[data-testid=splits] tbody tr');
    await page.goto(`${server.url}/screen/${DEMO_EVENT_ID}`);
    await page.waitForLoadState('load');
    await page.waitForFunction(() => document.body.innerText.trim().length > 0);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('runs the organizers\' console log-in without a violation', async () => {
    await page.goto(`${server.url}/console/login`);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
    await page.waitForLoadState('load');
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);
});
