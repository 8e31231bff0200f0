// The server's VAPID key pair (RFC 8292). Made at first start and kept in the event database, so a
// standby's copy holds it too: a browser's subscription is bound to the public key, and a new pair
// (after a restart or a failover) would silence every subscriber.
import webpush from 'web-push';
import { z } from 'zod';
import type { Db } from '../storage/database';

const keysSchema = z.object({ publicKey: z.string().regex(/^[A-Za-z0-9_-]{87}$/), privateKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

export type VapidKeys = z.infer<typeof keysSchema>;

/** The kept pair, or a new one stored when there is none. */
export function loadOrCreateVapidKeys(db: Db): VapidKeys {
  const row = db.prepare('SELECT public_key AS publicKey, private_key AS privateKey FROM push_keys WHERE id = 1').get();
  if (row) {
    const parsed = keysSchema.safeParse(row);
    // A damaged pair is not replaced silently: every subscriber would be lost.
    if (!parsed.success) throw new Error('the stored VAPID key pair is damaged; restore the database, or delete the push_keys row to make a new pair (every alert subscription is then lost)');
    return parsed.data;
  }
  const keys = webpush.generateVAPIDKeys();
  db.prepare('INSERT INTO push_keys (id, public_key, private_key) VALUES (1, ?, ?)').run(keys.publicKey, keys.privateKey);
  return keys;
}
