// `npm run cluster -- --port P --replicas N`: the whole cluster on this machine (see
// local-cluster.ts). Prints one JSON line per process once it serves, the front door's last;
// Ctrl-C (or SIGTERM) stops them all.
import { parseArgs } from 'node:util';
import { startLocalCluster } from './local-cluster';

const usage = 'usage: npm run cluster -- --port <front door port> [--replicas N] [--lease-ms MS] [--data DIR] [--sources]';
let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      replicas: { type: 'string', default: '2' },
      'lease-ms': { type: 'string' },
      'check-ms': { type: 'string' },
      data: { type: 'string' },
      sources: { type: 'boolean', default: false },
    },
  }));
} catch (err) {
  console.error(`${(err as Error).message}\n${usage}`);
  process.exit(2);
}
const int = (name: string, value: string | undefined, min: number, max: number): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}\n${usage}`);
    process.exit(2);
  }
  return n;
};

const port = int('port', values.port, 1, 65535)!;
const replicas = int('replicas', values.replicas, 0, 64)!;
let stopping = false;
const cluster = startLocalCluster({
  port,
  replicas,
  leaseMs: int('lease-ms', values['lease-ms'], 100, 60_000) ?? (process.env.LEASE_MS ? Number(process.env.LEASE_MS) : undefined),
  checkMs: int('check-ms', values['check-ms'], 50, 10_000),
  dataDir: values.data,
  sources: values.sources,
  onServing: (p) => process.stdout.write(`${JSON.stringify(p)}\n`),
});

async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  const started = await cluster.catch(() => null);
  await started?.stop();
  process.exit(signal === 'SIGINT' ? 130 : 0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
cluster.catch((err: Error) => {
  console.error(`cluster: ${err.message}`);
  process.exit(1);
});
