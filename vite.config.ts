import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA, type VitePWAOptions } from 'vite-plugin-pwa';

// The service worker's caching (vite-plugin-pwa, generated with Workbox at build time), so the app,
// the stadium screen and the console open without a network at the venue:
// - the built app is precached: every page loads from the cache, and any page path gets index.html;
// - map tiles from this server are kept once seen (cache first; a file's tiles do not change);
// - the public event data is network first: always fresh when the server answers, the last answer
//   when it does not; organizer data and the live socket are never cached.

type RouteContext = { url: URL; sameOrigin: boolean; request: Request };

const offlineCache: Partial<VitePWAOptions> = {
  // Registered from the app's code (client/src/offline/): the CSP allows no inline script.
  injectRegister: false,
  registerType: 'autoUpdate',
  manifest: false,
  workbox: {
    globPatterns: ['**/*.{js,css,html,woff2}'],
    // The main bundle is large (maps, charts); it must be in the cache or nothing works offline.
    maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
    navigateFallback: 'index.html',
    navigateFallbackDenylist: [/^\/api\//, /^\/socket\.io\//, /^\/tiles\//],
    cleanupOutdatedCaches: true,
    // The push and notification-click handlers of alerts (client/public/push-handler.js).
    importScripts: ['push-handler.js'],
    clientsClaim: true,
    skipWaiting: true,
    runtimeCaching: [
      {
        urlPattern: ({ url, sameOrigin }: RouteContext) => sameOrigin && url.pathname.startsWith('/tiles/'),
        handler: 'CacheFirst',
        options: { cacheName: 'splitcast-tiles', expiration: { maxEntries: 4000, maxAgeSeconds: 7 * 86_400 }, cacheableResponse: { statuses: [200] } },
      },
      {
        // Flags and Leaflet's images: hashed file names, so a cached one is never stale.
        urlPattern: ({ url, sameOrigin }: RouteContext) => sameOrigin && url.pathname.startsWith('/assets/'),
        handler: 'CacheFirst',
        options: { cacheName: 'splitcast-assets', expiration: { maxEntries: 600 }, cacheableResponse: { statuses: [200] } },
      },
      {
        // GET /api/config, /api/events, /api/events/:id and a runner's page data (written out here:
        // Workbox copies these functions into the worker as text, without what they refer to).
        urlPattern: ({ url, sameOrigin, request }: RouteContext) => sameOrigin && request.method === 'GET' && /^\/api\/(config|events(\/[^/]+(\/runners\/[^/]+)?)?)$/.test(url.pathname),
        handler: 'NetworkFirst',
        // A venue network that hangs instead of failing: the last answer after a few seconds.
        options: { cacheName: 'splitcast-api', networkTimeoutSeconds: 5, expiration: { maxEntries: 200 }, cacheableResponse: { statuses: [200] } },
      },
    ],
  },
};

// The client lives in client/; the server serves the build from dist/client.
export default defineConfig({
  root: 'client',
  plugins: [react(), VitePWA(offlineCache)],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // zod with the setting that keeps it from probing for eval (client/src/zod-config.ts) in one chunk
    // of their own: it runs before any chunk that builds a schema, so the CSP sees no eval probe.
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'zod', test: /node_modules[\\/]zod[\\/]|client[\\/]src[\\/]zod-config\.ts/ }] } } },
  },
  server: { proxy: { '/api': 'http://localhost:3000', '/socket.io': { target: 'ws://localhost:3000', ws: true } } },
  test: {
    root: '.',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two projects, so that a run without browser tests neither needs Chromium nor builds the client.
    // More files at a time than cores, whatever the machine: most files wait on real time (races
    // replayed at speed, servers restarting, a browser drawing), and a run on 2 cores used about one.
    // Node files three at a time, then browser files two at a time, never beside a crash test or a soak.
    projects: [
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'], exclude: ['test/browser/**'], globalSetup: ['test/setup/services.ts'], maxWorkers: 3, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], globalSetup: ['test/setup/services.ts', 'test/setup/built-client.ts'], maxWorkers: 2, sequence: { groupOrder: 1 } } },
    ],
  },
});
