// A thread that encrypts alerts (RFC 8291: a key agreement and AES-GCM per message, about 0.6 ms)
// and sends them to push services, so a major's finish hour of alerts does not take the event loop
// that scores reads. It only sends: what to send, with which token, and what an answer means, stay
// with PushSender on the main thread.
import { Agent } from 'node:https';
import { parentPort } from 'node:worker_threads';
import webpush, { WebPushError } from 'web-push';
import type { PushSendAnswer, PushSendRequest } from './push-threads';

/** Connections to each push service stay open: a TLS handshake per alert would cost more than the alert. */
const agent = new Agent({ keepAlive: true, maxSockets: 32 });

/** Answers of this turn, posted together: one message per answer costs the main thread. */
let answers: PushSendAnswer[] = [];

parentPort!.on('message', (message: PushSendRequest[] | { close: true }) => {
  if ('close' in message) {
    agent.destroy();
    parentPort!.close();
    return;
  }
  for (const request of message) void send(request).then(answer);
});

function answer(a: PushSendAnswer): void {
  if (answers.push(a) > 1) return;
  setImmediate(() => {
    const batch = answers;
    answers = [];
    parentPort!.postMessage(batch);
  });
}

async function send(r: PushSendRequest): Promise<PushSendAnswer> {
  try {
    await webpush.sendNotification(r.subscription, r.payload, {
      // The token is given as a header (and no vapidDetails), so web-push does not sign one per alert.
      headers: { Authorization: r.authorization },
      TTL: r.ttl,
      urgency: 'high',
      timeout: r.timeoutMs,
      agent,
    });
    return { id: r.id, ok: true };
  } catch (err) {
    if (err instanceof WebPushError) {
      const retryAfter = err.headers?.['retry-after'];
      return { id: r.id, ok: false, status: err.statusCode, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined };
    }
    // No answer at all (refused, reset, timed out): the sender tries again later.
    const code = (err as NodeJS.ErrnoException).code;
    return { id: r.id, ok: false, status: null, network: typeof code === 'string', message: (err as Error).message };
  }
}
