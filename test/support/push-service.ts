// A push service stand-in on https://127.0.0.1 with a certificate made for the test (openssl), for
// a server run as a child process with NODE_EXTRA_CA_CERTS pointing at it. It keeps every request,
// answers each path's next status from a script (201 by default), checks VAPID (RFC 8292) and
// decrypts payloads (RFC 8291, aes128gcm, with http_ece) for a subscription it made.
import { execFileSync } from 'node:child_process';
import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ece from 'http_ece';

export interface PushRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  at: number;
}

export interface TestSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  ecdh: ECDH;
}

export class PushServiceStandIn {
  readonly requests: PushRequest[] = [];
  private statuses = new Map<string, number[]>();
  private waiters: { match: (r: PushRequest) => boolean; resolve: (r: PushRequest) => void }[] = [];

  private constructor(
    private server: Server,
    readonly origin: string,
    /** The certificate, for NODE_EXTRA_CA_CERTS. */
    readonly certPath: string,
  ) {
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const request: PushRequest = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), at: Date.now() };
        this.requests.push(request);
        const status = this.statuses.get(request.path)?.shift() ?? 201;
        res.writeHead(status).end();
        for (const w of [...this.waiters]) {
          if (!w.match(request)) continue;
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(request);
        }
      });
    });
  }

  static async start(): Promise<PushServiceStandIn> {
    const dir = mkdtempSync(join(tmpdir(), 'splitcast-push-'));
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const server = createServer({ key: readFileSync(keyPath), cert: readFileSync(certPath) });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return new PushServiceStandIn(server, `https://127.0.0.1:${(server.address() as AddressInfo).port}`, certPath);
  }

  /** A browser's subscription at this service, with the keys to read what it receives. */
  subscription(path: string): TestSubscription {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    return { endpoint: `${this.origin}${path}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') }, ecdh };
  }

  /** The next answers for a path, in order (then 201). */
  answer(path: string, ...statuses: number[]): void {
    this.statuses.set(path, statuses);
  }

  /** The next request to the path (or one already received and not yet taken). */
  next(path: string, taken: Set<PushRequest>, timeoutMs = 15_000): Promise<PushRequest> {
    const match = (r: PushRequest) => r.path === path && !taken.has(r);
    const take = (r: PushRequest) => (taken.add(r), r);
    const already = this.requests.find(match);
    if (already) return Promise.resolve(take(already));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no push request to ${path} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ match, resolve: (r) => (clearTimeout(timer), resolve(take(r))) });
    });
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** The claims of a request's VAPID header, once its signature checks out with the given key; throws otherwise. */
export function verifyVapid(request: PushRequest, publicKey: string): Record<string, unknown> {
  const header = String(request.headers.authorization ?? '');
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(header);
  if (!m) throw new Error(`not a VAPID Authorization header: ${header}`);
  const [, token, k] = m;
  if (k !== publicKey) throw new Error('the VAPID key is not the server\'s');
  const raw = Buffer.from(k, 'base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') }, format: 'jwk' });
  const [head, claims, signature] = token.split('.');
  if (!verify('sha256', Buffer.from(`${head}.${claims}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))) throw new Error('bad VAPID signature');
  const { alg } = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg: string };
  if (alg !== 'ES256') throw new Error(`VAPID token alg ${alg}`);
  return JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>;
}

/** The plain payload of an aes128gcm message to the subscription. */
export function decryptPayload(request: PushRequest, subscription: TestSubscription): string {
  if (request.headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${String(request.headers['content-encoding'])}`);
  // The header: salt (16), record size (4), key id length (1), key id: the sender's public key.
  const idLength = request.body[20];
  const dh = request.body.subarray(21, 21 + idLength).toString('base64url');
  return ece.decrypt(request.body, { version: 'aes128gcm', privateKey: subscription.ecdh, dh, authSecret: subscription.keys.auth }).toString('utf8');
}
