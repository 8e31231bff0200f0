// Alerts for followed runners (Web Push): this browser's one subscription per event, the runners it
// covers (kept in the browser, and at the server), and the calls that start and stop them.
// Permission is asked only from a click on "Alert me".
import { useSyncExternalStore } from 'react';
import { MAX_ALERT_BIBS, type AlertLang } from '../../../shared/alerts';
import { loadSpot } from './spot-storage';

interface Kept {
  id: string;
  bibs: string[];
}

const key = (eventId: string) => `splitcast.alerts.${eventId}`;
const listeners = new Set<() => void>();
const cache = new Map<string, Kept | null>();

function load(eventId: string): Kept | null {
  if (cache.has(eventId)) return cache.get(eventId)!;
  let kept: Kept | null = null;
  try {
    const parsed = JSON.parse(localStorage.getItem(key(eventId)) ?? 'null') as Kept | null;
    if (parsed && typeof parsed.id === 'string' && Array.isArray(parsed.bibs)) kept = parsed;
  } catch {
    // Storage blocked or damaged: no alerts known.
  }
  cache.set(eventId, kept);
  return kept;
}

function save(eventId: string, kept: Kept | null): void {
  cache.set(eventId, kept);
  try {
    if (kept) localStorage.setItem(key(eventId), JSON.stringify(kept));
    else localStorage.removeItem(key(eventId));
  } catch {
    // Storage full or blocked: alerts still work until the page closes.
  }
  for (const l of listeners) l();
}

export function alertsSupported(): boolean {
  return typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

/** The bibs this browser is alerted about in the event. */
export function useAlertedBibs(eventId: string): string[] {
  const kept = useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => load(eventId),
  );
  return kept?.bibs ?? [];
}

async function answer<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as ({ error?: string } & T) | null;
  if (!res.ok) throw new Error(body?.error ?? `${res.status} ${res.statusText}`);
  return body as T;
}

/** This browser's push subscription, made with the server's key when there is none. */
async function browserSubscription(): Promise<PushSubscription> {
  const registration = await navigator.serviceWorker.ready;
  const existing = await registration.pushManager.getSubscription();
  if (existing) return existing;
  const { publicKey } = await answer<{ publicKey: string }>(await fetch('/api/push/key', { headers: { accept: 'application/json' } }));
  const applicationServerKey = Uint8Array.from(atob(publicKey.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey });
}

/** Send the runners to the server: one subscription per browser and event, replaced each time. */
async function put(eventId: string, bibs: string[], lang: AlertLang): Promise<void> {
  const kept = load(eventId);
  if (bibs.length === 0) {
    if (kept) {
      const res = await fetch(`/api/events/${encodeURIComponent(eventId)}/alerts/${encodeURIComponent(kept.id)}`, { method: 'DELETE' });
      if (!res.ok && res.status !== 404) await answer(res);
    }
    save(eventId, null);
    return;
  }
  const subscription = await browserSubscription();
  const res = await fetch(`/api/events/${encodeURIComponent(eventId)}/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    // The spot goes with the runners: the server tells when one nears it.
    body: JSON.stringify({ subscription: subscription.toJSON(), bibs, lang, spot: loadSpot(eventId) }),
  });
  const { id } = await answer<{ id: string }>(res);
  save(eventId, { id, bibs });
}

/** "Alert me": asks permission (this click only), then adds the runner. */
export async function startAlerts(eventId: string, bib: string, lang: AlertLang): Promise<void> {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new Error('denied');
  const bibs = load(eventId)?.bibs ?? [];
  if (bibs.includes(bib)) return;
  if (bibs.length >= MAX_ALERT_BIBS) throw new Error('full');
  await put(eventId, [...bibs, bib], lang);
}

/** The spot moved: the server's copy of this browser's subscription gets it (nothing when there are no alerts). */
export async function sendSpot(eventId: string, lang: AlertLang): Promise<void> {
  const bibs = load(eventId)?.bibs ?? [];
  if (bibs.length > 0) await put(eventId, bibs, lang);
}

/** One click stops a runner's alerts (the subscription ends with its last runner). */
export async function stopAlerts(eventId: string, bib: string, lang: AlertLang): Promise<void> {
  await put(eventId, (load(eventId)?.bibs ?? []).filter((b) => b !== bib), lang);
}
