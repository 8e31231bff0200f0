// Alerts for followed runners, in the service worker (imported by the Workbox-generated worker:
// workbox.importScripts in vite.config.ts). A push message is shown as a notification; a click on
// it opens the runner's page, or brings forward a window that shows it.
/* global self, clients */
self.addEventListener('push', (event) => {
  let alert;
  try {
    alert = event.data.json();
  } catch {
    return;
  }
  if (!alert || typeof alert.title !== 'string') return;
  // Only a path on this server is ever opened.
  const url = typeof alert.url === 'string' && alert.url.startsWith('/') && !alert.url.startsWith('//') ? alert.url : '/';
  // The tag names the alert: the same one already shown from an open page's socket is not shown twice.
  event.waitUntil(self.registration.showNotification(alert.title, { body: alert.body, tag: alert.tag, data: { url } }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || '/', self.location.origin).href;
  event.waitUntil(
    clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => w.url === url);
      return open ? open.focus() : clients.openWindow(url);
    }),
  );
});
