// Feeds the demo event's planned reads into a server: used by `npm start` and `npm run simulate`.
import { eventSetupSchema, type EventInfo } from '../../shared/domain';
import { demoEntrants, DEMO_EVENT_ID } from '../demo/demo-event';
import { Feeder } from './feeder';
import { planReads } from './plan';

export async function feedDemo(options: { url: string; token: string; speed: number; seed?: number; eventId?: string; onError?: (m: string) => void }): Promise<Feeder> {
  const eventId = options.eventId ?? DEMO_EVENT_ID;
  const res = await fetch(new URL(`/api/events/${encodeURIComponent(eventId)}`, options.url));
  if (!res.ok) throw new Error(`no event "${eventId}" at ${options.url} (${res.status})`);
  const { entrantCount: _n, countries: _c, ...info } = (await res.json()) as EventInfo;
  // The demo's field is deterministic, so the simulator knows every chip without asking for it.
  const setup = eventSetupSchema.parse({ ...info, entrants: demoEntrants() });
  const feeder = new Feeder({
    url: options.url,
    token: options.token,
    eventId,
    reads: planReads(setup, { seed: options.seed }),
    speed: options.speed,
    clockStart: Date.now(),
    onError: options.onError,
  });
  feeder.start();
  return feeder;
}
