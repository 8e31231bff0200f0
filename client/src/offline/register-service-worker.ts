// The service worker that keeps the app, the screen and the console openable without a network
// (its caching: offlineCache in vite.config.ts). A new build takes over by itself and the page reloads.
import { registerSW } from 'virtual:pwa-register';

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  void registerSW({ immediate: true });
}
