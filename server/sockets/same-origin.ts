// Which browsers may open a socket here.
import type { IncomingMessage } from 'node:http';

/**
 * Socket.IO's allowRequest: a browser on another site may not open a socket here (the organizers'
 * namespace is authenticated by cookie). Clients that send no Origin (devices, tools) are not browsers.
 */
export function sameOriginSockets(req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void {
  const origin = req.headers.origin;
  let ok = origin === undefined;
  try {
    ok ||= new URL(origin!).host === req.headers.host;
  } catch {
    ok = false;
  }
  callback(ok ? null : 'connections from other sites are not accepted', ok);
}
