// Starts the demo on a primary: the Tehran-shaped event, or the event of a real results file
// (`DEMO_RESULTS`), fed through the real HTTP ingest; prints where to look and the device token.
import type { Splitcast } from '../app';
import type { Config } from '../config';
import { newToken } from '../storage/device-tokens';
import { feedDemo } from '../simulator/demo-feed';
import type { Feeder } from '../simulator/feeder';
import { demoEvent, DEMO_EVENT_ID } from './demo-event';
import { feedResultsDemo, placeResultsDemo, resultsDemoSource } from './results-demo';

export async function startDemo(splitcast: Splitcast, config: Config): Promise<Feeder | null> {
  if (!config.DEMO || !splitcast.primary) return null;
  const { runtime, devices } = splitcast.primary;
  const now = Date.now();
  const onError = (m: string) => splitcast.log.warn(m);
  const token = config.DEMO_DEVICE_TOKEN ?? newToken();
  if (config.DEMO_RESULTS) {
    const placed = placeResultsDemo(runtime, resultsDemoSource(config.DEMO_RESULTS, now), now);
    devices.create(placed.eventId, 'results demo', now, token);
    announce(splitcast, `/e/${placed.eventId}`, token, `${placed.reads.length} reads at ${config.DEMO_SPEED}× real time`);
    return feedResultsDemo({ url: splitcast.url, token, speed: config.DEMO_SPEED, now, placed, onError });
  }
  if (!runtime.has(DEMO_EVENT_ID)) runtime.saveSetup(demoEvent(now));
  devices.create(DEMO_EVENT_ID, 'demo simulator', now, token);
  announce(splitcast, '', token, `${config.DEMO_SPEED}× real time`);
  return feedDemo({ url: splitcast.url, token, speed: config.DEMO_SPEED, onError });
}

function announce(splitcast: Splitcast, path: string, token: string, what: string): void {
  console.log(`\n  Splitcast demo: http://localhost:${splitcast.port}${path}\n  demo device token: ${token}\n  feeding ${what}\n`);
}
