// The client's address, one definition for HTTP and sockets: the connection's peer, or with
// TRUST_PROXY the address the trusted proxies forwarded. Express is given the same compiled rule
// (its req.ip, which the HTTP rate limits key on), and sockets ask `clientKey` with it.
import type { IncomingMessage } from 'node:http';
import { ipKeyGenerator } from 'express-rate-limit';
import proxyaddr from 'proxy-addr';
import type { Config } from '../config';

export type TrustRule = proxyaddr.TrustFunction;

/** Express's "trust proxy" semantics: true, a hop count, or addresses and subnets (comma-separated). */
export function trustRule(value: Config['TRUST_PROXY']): TrustRule {
  if (value === true) return () => true;
  if (typeof value === 'number') return (_address, hop) => hop < value;
  return proxyaddr.compile(typeof value === 'string' ? value.split(',').map((v) => v.trim()) : []);
}

/**
 * The key a client is counted under: its address, an IPv6 one by its /56 as the HTTP limits do
 * (one household or phone holds a whole block of them).
 */
export function clientKey(req: IncomingMessage, trust: TrustRule): string {
  return ipKeyGenerator(proxyaddr(req, trust));
}
