// What the stands can read: text measured in the page, the map's runner dots measured on its canvas,
// and nothing sticking out of the screen.
import type { Page } from 'playwright-core';

/** Visible text drawn smaller than `fraction` of the viewport's height, as "text (px)". */
export function smallText(page: Page, fraction: number): Promise<string[]> {
  return page.evaluate((f) => {
    const min = innerHeight * f;
    const found: string[] = [];
    const walker = document.createTreeWalker(document.querySelector('.screen')!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const el = node.parentElement;
      if (!text || !el) continue;
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || style.display === 'none') continue;
      const px = parseFloat(style.fontSize);
      if (px < min) found.push(`${text.slice(0, 30)} (${px.toFixed(1)} px)`);
    }
    return found;
  }, fraction);
}

/** Runner pixels on the map's canvas and the white label boxes drawn beside the leaders. */
export function runnerCanvas(page: Page, selector: string): Promise<{ dotPixels: number; labelPixels: number }> {
  return page.evaluate((sel) => {
    const canvas = document.querySelector<HTMLCanvasElement>(sel);
    if (!canvas || canvas.width === 0) return { dotPixels: 0, labelPixels: 0 };
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let dotPixels = 0;
    let labelPixels = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      if (a > 200 && r > 240 && g > 240 && b > 240) labelPixels++;
      else if (a > 60 && r > 100 && b < 100) dotPixels++;
    }
    return { dotPixels, labelPixels };
  }, selector);
}

/** The text of an H:MM:SS or M:SS clock in ms. */
export function clockMs(text: string): number {
  const parts = text.replace(/^[-+≈]+/, '').split(':').map(Number);
  return parts.reduce((acc, n) => acc * 60 + n, 0) * 1000;
}

/** What sticks out of the viewport or out of its panel; the map's own panes are Leaflet's business. */
export function overflowIn(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > innerWidth || doc.scrollHeight > innerHeight) problems.push(`document ${doc.scrollWidth}×${doc.scrollHeight}`);
    for (const body of document.querySelectorAll<HTMLElement>('.panel-body')) {
      if (body.scrollHeight > body.clientHeight + 1 || body.scrollWidth > body.clientWidth + 1) problems.push(`panel body ${body.scrollWidth}×${body.scrollHeight}`);
    }
    for (const el of document.querySelectorAll<HTMLElement>('.screen *')) {
      if (el.closest('.leaflet-container')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < -1 || r.top < -1 || r.right > innerWidth + 1 || r.bottom > innerHeight + 1) problems.push(`${el.tagName}.${el.className} at ${Math.round(r.right)},${Math.round(r.bottom)}`);
    }
    if (getComputedStyle(document.querySelector('.screen')!).cursor !== 'none') problems.push('cursor shows');
    return problems;
  });
}

/** Wait until the stage's entry animations are over, so the screenshot shows the settled slide. */
export const settled = (page: Page) =>
  page.waitForFunction(() => document.querySelector('.screen-stage')!.getAnimations({ subtree: true }).every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
