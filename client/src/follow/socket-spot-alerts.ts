// The spot alert while a page is open: a runner with alerts on is about ten minutes from this
// browser's spot. The same rule and words as the push message (shared/spot.ts, alert-texts.ts) and
// the same tag, so both paths make one notification; told once per runner, spot and lap, also
// over a reload (kept in the browser).
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { alertFacts, alertPayload } from '../../../shared/alert-texts';
import type { AlertIntent } from '../../../shared/alert-watcher';
import { spotAlertWindow, spotApproach } from '../../../shared/spot';
import type { FollowedRunner } from '../../../shared/socket-events';
import { useEventInfo } from '../live/event-context';
import { useLive } from '../live/LiveProvider';
import { useAlertedBibs } from './push-alerts';
import { useSpot } from './spot-storage';

/** Looked at this often: "about ten minutes" away. */
const CHECK_MS = 5000;
const toldKey = (eventId: string) => `splitcast.spotTold.${eventId}`;

function told(eventId: string): Set<string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(toldKey(eventId)) ?? '[]');
    return new Set(Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

function remember(eventId: string, tags: Set<string>): void {
  try {
    localStorage.setItem(toldKey(eventId), JSON.stringify([...tags].slice(-200)));
  } catch {
    // Storage blocked: told once per visit.
  }
}

export function useSocketSpotAlerts(details: ReadonlyMap<string, FollowedRunner>): void {
  const info = useEventInfo();
  const alerted = useAlertedBibs(info.id);
  const spot = useSpot(info.id);
  const { clock } = useLive();
  const { i18n } = useTranslation();
  const detailsRef = useRef(details);
  detailsRef.current = details;

  useEffect(() => {
    if (!spot || alerted.length === 0) return;
    const lang = i18n.language === 'fa' ? 'fa' : 'en';
    const check = () => {
      if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
      const now = clock.now();
      const tags = told(info.id);
      const due: AlertIntent[] = [];
      for (const bib of alerted) {
        const runner = detailsRef.current.get(bib);
        const race = info.races.find((r) => r.id === runner?.raceId);
        const a = runner && !runner.private ? spotApproach(race, spot, runner) : null;
        if (!a) continue;
        const { from, until } = spotAlertWindow(a.eta);
        if (now < from || now > until) continue;
        due.push({ kind: 'spot', eventId: info.id, runner: runner!, spot: { distance: a.distance, eta: a.eta, range: a.range } });
      }
      const fresh = due.map((intent) => ({ intent, facts: alertFacts(intent, info.timeZone, null, null) })).filter((x) => x.facts !== null);
      const alerts = fresh.map(({ intent, facts }) => alertPayload(intent, facts!, lang)).filter((alert) => !tags.has(alert.tag));
      if (alerts.length === 0) return;
      for (const alert of alerts) tags.add(alert.tag);
      remember(info.id, tags);
      void navigator.serviceWorker?.ready.then((registration) => {
        for (const alert of alerts) void registration.showNotification(alert.title, { body: alert.body, tag: alert.tag, data: { url: alert.url } });
      });
    };
    check();
    const timer = setInterval(check, CHECK_MS);
    return () => clearInterval(timer);
  }, [info, alerted, spot, clock, i18n.language, details]);
}
