// Renders the front door's HAProxy configuration from deploy/haproxy.cfg.template: the candidates
// for leadership (the leader and its standby) and the replicas, each as host:port.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const HAPROXY_TEMPLATE = fileURLToPath(new URL('../../deploy/haproxy.cfg.template', import.meta.url));

export interface FrontDoorOptions {
  /** Where HAProxy listens, as HAProxy writes it: "127.0.0.1:8080", ":80". */
  bind: string;
  /** host:port of each instance that may lead (ROLE=standby). */
  candidates: string[];
  /** host:port of each replica. */
  replicas: string[];
  /** Health check interval (ms). */
  checkMs?: number;
  maxconn?: number;
}

const ADDRESS = /^[A-Za-z0-9.-]*:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;

export function renderHaproxyConfig(options: FrontDoorOptions, template = readFileSync(HAPROXY_TEMPLATE, 'utf8')): string {
  for (const address of [options.bind, ...options.candidates, ...options.replicas]) {
    if (!ADDRESS.test(address)) throw new Error(`"${address}" is not host:port`);
  }
  if (options.candidates.length === 0) throw new Error('the front door needs at least one instance that may lead');
  const maxconn = options.maxconn ?? 200_000;
  const leaders = options.candidates.map((a, i) => `    server candidate${i + 1} ${a} check`);
  // With no replica the leader serves spectators too (a backup that follows the leader's check).
  const replicas =
    options.replicas.length > 0
      ? options.replicas.map((a, i) => `    server replica${i + 1} ${a} check cookie r${i + 1}`)
      : options.candidates.map((a, i) => `    server candidate${i + 1} ${a} track leader/candidate${i + 1} cookie c${i + 1}`);
  const values: Record<string, string> = {
    BIND: options.bind,
    CHECK_MS: String(options.checkMs ?? 500),
    MAXCONN: String(maxconn),
    LEADER_SERVERS: leaders.join('\n'),
    REPLICA_SERVERS: replicas.join('\n'),
  };
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`the template names an unknown value ${whole}`);
    return value;
  });
}
