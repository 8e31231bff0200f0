// The service worker that keeps the app, the screen and the console openable without a network
// (its caching: offlineCache in vite.config.ts). A new build takes over by itself and the page reloads.
import { registerSW } from 'virtual:pwa-register';

/** What the worker keeps at run time (see vite.config.ts): public event data, tiles, hashed assets. */
const KEPT = /^\/(api\/(config|events(\/[^/]+(\/runners\/[^/]+)?)?)|tiles\/.+|assets\/.+)$/;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  // Enough entries to remember every tile and flag of a first load.
  performance.setResourceTimingBufferSize(2000);
  // On a first visit the page's requests go out before the worker is in charge, so its cache lacks
  // them: ask once more through it (tiles and assets come from the browser's cache, not the network),
  // so a reload without the network finds them.
  navigator.serviceWorker.addEventListener(
    'controllerchange',
    () => {
      const seen = new Set<string>();
      for (const entry of performance.getEntriesByType('resource')) {
        const url = new URL(entry.name);
        if (url.origin !== location.origin || !KEPT.test(url.pathname) || seen.has(url.href)) continue;
        seen.add(url.href);
        fetch(url, { headers: { accept: url.pathname.startsWith('/api/') ? 'application/json' : '*/*' } }).catch(() => undefined);
      }
    },
    { once: true },
  );
  void registerSW({ immediate: true });
}
