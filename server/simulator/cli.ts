// npm run simulate -- --url http://localhost:3000 --token <device token> --speed 60
import { parseArgs } from 'node:util';
import { feedDemo } from './demo-feed';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:3000' },
    token: { type: 'string', default: process.env.DEMO_DEVICE_TOKEN },
    speed: { type: 'string', default: '1' },
    seed: { type: 'string', default: '7' },
    event: { type: 'string' },
  },
});

if (!values.token) {
  console.error('give the device token: --token <token> (printed by the server at start) or DEMO_DEVICE_TOKEN');
  process.exit(2);
}
const speed = Number(values.speed);
if (!(speed > 0)) {
  console.error('--speed must be a positive number');
  process.exit(2);
}

const feeder = await feedDemo({ url: values.url!, token: values.token, speed, seed: Number(values.seed), eventId: values.event, onError: (m) => console.error(m) });
console.error(`feeding ${values.url} at ${speed}× real time`);
const progress = setInterval(() => {
  const s = feeder.stats;
  process.stderr.write(`\rsent ${s.sent}  accepted ${s.accepted}  duplicates ${s.duplicates}  rejected ${s.rejected}  failed requests ${s.failedRequests}   `);
  if (feeder.done) {
    clearInterval(progress);
    feeder.stop();
    process.stderr.write('\nall reads sent\n');
  }
}, 1000);
