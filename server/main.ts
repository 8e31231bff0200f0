// Entry point: `npm start`.
import { createSplitcast } from './app';
import { loadConfig } from './config';
import { demoEvent, DEMO_EVENT_ID } from './demo/demo-event';
import { newToken } from './storage/device-tokens';
import { feedDemo } from './simulator/demo-feed';

const config = loadConfig();
const splitcast = await createSplitcast(config);
const { log } = splitcast;

if (config.DEMO && splitcast.primary) {
  const { runtime, devices } = splitcast.primary;
  if (!runtime.engine(DEMO_EVENT_ID)) runtime.saveSetup(demoEvent(Date.now()));
  const token = config.DEMO_DEVICE_TOKEN ?? newToken();
  devices.create(DEMO_EVENT_ID, 'demo simulator', Date.now(), token);
  console.log(`\n  Splitcast demo: http://localhost:${splitcast.port}\n  demo device token: ${token}\n`);
  const feeder = await feedDemo({ url: splitcast.url, token, speed: config.DEMO_SPEED, onError: (m) => log.warn(m) });
  const stopFeeder = () => feeder.stop();
  process.once('SIGTERM', stopFeeder);
  process.once('SIGINT', stopFeeder);
}

const shutdown = (signal: string) => {
  log.info({ signal }, 'shutting down');
  splitcast.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('uncaughtException', (err) => log.error({ err }, 'uncaught exception'));
process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
