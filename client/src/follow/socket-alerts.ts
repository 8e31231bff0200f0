// Alerts while a page is open, from the socket's runner updates: the same alerts as the push
// messages (the same watcher and words, shared/), shown by the service worker, with no push service
// needed (a venue without internet). The same alert from both paths carries one tag: one notification.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { alertFacts, alertPayload } from '../../../shared/alert-texts';
import { AlertWatcher } from '../../../shared/alert-watcher';
import type { FollowedRunner } from '../../../shared/socket-events';
import { useEventInfo } from '../live/event-context';
import { useAlertedBibs } from './push-alerts';

export function useSocketAlerts(details: ReadonlyMap<string, FollowedRunner>): void {
  const info = useEventInfo();
  const alerted = useAlertedBibs(info.id);
  const { i18n } = useTranslation();
  const alertedRef = useRef(alerted);
  alertedRef.current = alerted;
  const watcher = useRef<AlertWatcher | null>(null);
  watcher.current ??= new AlertWatcher((_eventId, bib) => alertedRef.current.includes(bib));
  const watched = useRef(new Set<string>());

  useEffect(() => {
    const w = watcher.current!;
    const runners = alerted.map((bib) => details.get(bib)).filter((r): r is FollowedRunner => r !== undefined);
    // What a runner did before this page knew of them (or before alerts started again) is not news.
    for (const bib of watched.current) if (!alerted.includes(bib)) w.forget(info.id, bib);
    watched.current = new Set(runners.map((r) => r.bib));
    for (const r of runners) w.follow(info.id, r, r.bib);
    const intents = w.changed(info.id, runners, info);
    if (intents.length === 0 || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    const lang = i18n.language === 'fa' ? 'fa' : 'en';
    void navigator.serviceWorker?.ready.then((registration) => {
      for (const intent of intents) {
        const runner = intent.runner as FollowedRunner;
        const split = intent.splitIndex !== undefined ? runner.splits[intent.splitIndex] : undefined;
        const facts = alertFacts(intent, info.timeZone, split?.place ?? null, runner.places);
        if (!facts) continue;
        const alert = alertPayload(intent, facts, lang);
        void registration.showNotification(alert.title, { body: alert.body, tag: alert.tag, data: { url: alert.url } });
      }
    });
  }, [details, alerted, info, i18n.language]);
}
