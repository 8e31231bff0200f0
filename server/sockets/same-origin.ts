// Which browsers may open a socket here: only pages of this very origin (scheme and host), so a
// page on http://our-host cannot ride the cookies of https://our-host, nor any other site ours.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

type AllowRequest = (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => void;

/**
 * Socket.IO's allowRequest. Clients that send no Origin (devices, tools) are not browsers. Behind
 * a trusted TLS-terminating proxy the scheme is the one the proxy reports.
 */
export function sameOriginSockets(trustProxy: boolean): AllowRequest {
  return (req, callback) => {
    const origin = req.headers.origin;
    let ok = origin === undefined;
    if (!ok) {
      try {
        const url = new URL(origin!);
        ok = url.protocol === `${schemeOf(req, trustProxy)}:` && url.host === req.headers.host;
      } catch {
        ok = false;
      }
    }
    callback(ok ? null : 'connections from other sites are not accepted', ok);
  };
}

function schemeOf(req: IncomingMessage, trustProxy: boolean): 'http' | 'https' {
  if (trustProxy) {
    const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim().toLowerCase();
    if (forwarded === 'https' || forwarded === 'http') return forwarded;
  }
  return (req.socket as TLSSocket).encrypted ? 'https' : 'http';
}
