// Alerts leaving a primary: N subscriptions follow a runner; one read of theirs at a mat makes a
// passing and a finish-estimate alert for each. Measures, at a local push-service stand-in on
// https://127.0.0.1, how fast they arrive and how long after the read was posted.
//   npx tsx bench/push-alerts.ts [subscriptions]
import { GUN, min, smallEvent } from '../test/fixtures';
import { freePort, startChildServer } from '../test/support/child-server';
import { PushServiceStandIn } from '../test/support/push-service';
import { postReads, tempDataDir } from '../test/support/servers';

const N = Number(process.argv[2] ?? 2000);
const TOKEN = 'push-bench-device-token';
const event = smallEvent();
const push = await PushServiceStandIn.start();
const server = await startChildServer({
  port: await freePort(),
  dataDir: tempDataDir(),
  event,
  token: TOKEN,
  env: { NODE_EXTRA_CA_CERTS: push.certPath, PUSH_SERVICES: push.origin, RATE_LIMIT_ALERTS: '0' },
});
try {
  for (let i = 0; i < N; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, N - i) }, async (_, j) => {
        const sub = push.subscription(`/s/${i + j}`);
        const res = await fetch(`${server.url}/api/events/${event.id}/alerts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ subscription: { endpoint: sub.endpoint, keys: sub.keys }, bibs: ['1'], lang: (i + j) % 2 ? 'fa' : 'en' }),
        });
        if (res.status !== 201) throw new Error(`subscribe: ${res.status} ${await res.text()}`);
      }),
    );
  }
  const expected = 2 * N;
  const posted = Date.now();
  const res = await postReads(server.url, event.id, TOKEN, { reads: [{ point: '5k', chip: 'C1', time: GUN + min(25) }] });
  const answeredMs = Date.now() - posted;
  if (res.status !== 200) throw new Error(`reads: ${res.status}`);
  while (push.requests.length < expected) await new Promise((r) => setTimeout(r, 20));
  const delays = push.requests.map((r) => r.at - posted).sort((a, b) => a - b);
  const at = (q: number) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))];
  const spanS = (delays.at(-1)! - delays[0]) / 1000;
  console.log(JSON.stringify({ subscriptions: N, alerts: expected, readAnsweredMs: answeredMs, firstMs: delays[0], p50Ms: at(0.5), p99Ms: at(0.99), lastMs: delays.at(-1), alertsPerSecond: Math.round(expected / Math.max(spanS, 0.001)) }));
} finally {
  await server.kill();
  await push.close();
}
