// The server's VAPID key pair (RFC 8292). Made at first start and kept in the data folder: a
// browser's subscription is bound to the public key, so a new pair would silence every subscriber.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import webpush from 'web-push';
import { z } from 'zod';

const FILE = 'vapid-keys.json';

const keysSchema = z.object({ publicKey: z.string().regex(/^[A-Za-z0-9_-]{87}$/), privateKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

export type VapidKeys = z.infer<typeof keysSchema>;

/** The kept pair, or a new one written (readable by this user only) when there is none. */
export function loadOrCreateVapidKeys(dataDir: string): VapidKeys {
  const path = join(dataDir, FILE);
  if (existsSync(path)) {
    const parsed = keysSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    // A damaged file is not replaced silently: every subscriber would be lost.
    if (!parsed.success) throw new Error(`${path} does not hold a VAPID key pair; restore it, or remove it to make a new pair (every alert subscription is then lost)`);
    return parsed.data;
  }
  mkdirSync(dataDir, { recursive: true });
  const keys = webpush.generateVAPIDKeys();
  // Written whole or not at all.
  writeFileSync(`${path}.tmp`, JSON.stringify(keys), { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
  return keys;
}
