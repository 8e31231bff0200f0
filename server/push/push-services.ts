// Which push services an alert may be sent to. A subscription's endpoint is a URL the browser hands
// us; unchecked, it would let anyone make this server send requests anywhere. Only endpoints at
// the configured origins are accepted, and nothing is ever sent elsewhere.
//
// An entry is an https origin (`https://host` or `https://host:port`); `https://*.host` stands for
// any name that ends in `.host` (one or more labels before it), never for `host` itself.

/** The browsers' own push services: Chrome (FCM), Firefox, Safari, Edge (WNS). */
export const DEFAULT_PUSH_SERVICES = 'https://fcm.googleapis.com,https://updates.push.services.mozilla.com,https://web.push.apple.com,https://*.notify.windows.com';

export interface PushService {
  /** The entry as configured, for messages. */
  origin: string;
  /** Lower-case host name, without the `*.` of a wildcard. */
  host: string;
  /** True for `*.host`: subdomains of host, not host itself. */
  anySubdomain: boolean;
  /** The port as URL.port gives it: '' for 443. */
  port: string;
}

/** The list of services, or what is wrong with it. */
export function parsePushServices(text: string): PushService[] | string {
  const services: PushService[] = [];
  for (const raw of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const anySubdomain = raw.startsWith('https://*.');
    let url: URL;
    try {
      url = new URL(anySubdomain ? raw.replace('https://*.', 'https://') : raw);
    } catch {
      return `"${raw}" is not an origin (https://host or https://*.host)`;
    }
    if (url.protocol !== 'https:') return `"${raw}" is not https: alerts go to push services over https only`;
    if (url.pathname !== '/' || url.search || url.hash || url.username || url.password || raw.endsWith('/')) return `"${raw}" is not an origin: no path, query or user`;
    if (url.hostname.includes('*')) return `"${raw}": a wildcard may only be the first label (https://*.host)`;
    services.push({ origin: raw, host: url.hostname.toLowerCase(), anySubdomain, port: url.port });
  }
  if (services.length === 0) return 'at least one push service origin is needed';
  return services;
}

/** Null when the endpoint is at one of the services; otherwise why it is refused. */
export function endpointProblem(endpoint: string, services: readonly PushService[]): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'the subscription endpoint is not a URL';
  }
  if (url.protocol !== 'https:') return 'the subscription endpoint is not https';
  if (url.username || url.password) return 'the subscription endpoint carries a user name or password';
  const host = url.hostname.toLowerCase();
  const known = services.some((s) => s.port === url.port && (s.anySubdomain ? host.endsWith(`.${s.host}`) : host === s.host));
  return known ? null : `the subscription endpoint is not at a push service this server sends to (${services.map((s) => s.origin).join(', ')})`;
}
