// Entry point: `npm start`.
import { createSplitcast } from './app';
import { loadConfig } from './config';
import { startDemo } from './demo/start-demo';
import { EXIT_DEPOSED } from './cluster/leadership';

const config = loadConfig();
// A deposed leader stops; its supervisor starts it again as a standby (docs/cluster.md).
let stopping = false;
let started = false;
let deposed = false;
const splitcast = await createSplitcast(config, {
  onDeposed: () => {
    deposed = true;
    if (started) shutdown('deposed', EXIT_DEPOSED);
  },
});
started = true;
const { log } = splitcast;
if (deposed) shutdown('deposed', EXIT_DEPOSED);

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

function shutdown(signal: string, code = 0) {
  if (stopping) return;
  stopping = true;
  splitcast.log.info({ signal }, 'shutting down');
  splitcast.close().then(
    () => process.exit(code),
    () => process.exit(1),
  );
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('uncaughtException', (err) => log.error({ err }, 'uncaught exception'));
process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
