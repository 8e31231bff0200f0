// Alerts for followed runners, in the service worker (imported by the Workbox-generated worker:
// workbox.importScripts in vite.config.ts). A push message is shown as a notification; a click on
// it opens the runner's page (`openRunner`).
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
  event.waitUntil(openRunner(event.notification));
});

/**
 * The runner page of a clicked alert: a window already showing it is brought forward; else a page
 * of this site this worker serves goes there (one tab, not one more per alert); else a new window.
 */
async function openRunner(notification) {
  const url = new URL((notification.data && notification.data.url) || '/', self.location.origin).href;
  const windows = await clients.matchAll({ type: 'window', includeUncontrolled: true });
  const showing = windows.find((w) => w.url === url);
  if (showing) return showing.focus();
  const ours = (await clients.matchAll({ type: 'window' }))[0];
  if (ours) {
    const moved = await ours.navigate(url);
    return (moved || ours).focus();
  }
  return clients.openWindow(url);
}
