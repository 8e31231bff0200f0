// `npm run cluster:haproxy -- --bind :80 --candidate 10.0.0.1:3000 --candidate 10.0.0.2:3000
// --replica 10.0.0.3:3000 …`: prints the front door's HAProxy configuration for real hosts.
import { parseArgs } from 'node:util';
import { renderHaproxyConfig } from './haproxy-config';

try {
  const { values } = parseArgs({
    options: {
      bind: { type: 'string', default: ':80' },
      candidate: { type: 'string', multiple: true, default: [] },
      replica: { type: 'string', multiple: true, default: [] },
      'check-ms': { type: 'string', default: '500' },
      maxconn: { type: 'string', default: '200000' },
    },
  });
  const number = (name: string, v: string) => {
    if (!/^\d+$/.test(v)) throw new Error(`--${name} must be a whole number`);
    return Number(v);
  };
  process.stdout.write(
    renderHaproxyConfig({ bind: values.bind, candidates: values.candidate, replicas: values.replica, checkMs: number('check-ms', values['check-ms']), maxconn: number('maxconn', values.maxconn) }),
  );
} catch (err) {
  console.error(`${(err as Error).message}\nusage: npm run cluster:haproxy -- --bind :80 --candidate host:port --candidate host:port [--replica host:port …]`);
  process.exit(2);
}
