// Entry point: `npm start`.
import { createSplitcast } from './app';
import { loadConfig } from './config';
import { startDemo } from './demo/start-demo';

const config = loadConfig();
const splitcast = await createSplitcast(config);
const { log } = splitcast;

const feeder = await startDemo(splitcast, config).catch((err: Error) => {
  // A demo that cannot start (an unreadable DEMO_RESULTS file) says why and stops the start.
  console.error(`demo: ${err.message}`);
  process.exit(2);
});
if (feeder) {
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
