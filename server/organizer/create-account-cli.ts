// `npm run organizer:create -- --email a@b.org --password '…' [--role organizer --events id1,id2]`:
// an organizer account straight in the database, for the first log-in or a lost admin password.
import { parseArgs } from 'node:util';
import { newAccountSchema } from '../../shared/organizer';
import { loadConfig } from '../config';
import { formatZodError } from '../../shared/zod-format';
import { AuditLog } from '../storage/audit-log';
import { openDatabase } from '../storage/database';
import { OrganizerAccounts } from '../storage/organizer-accounts';
import { createAccount } from './accounts';

const { values } = parseArgs({
  options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string', default: 'admin' }, events: { type: 'string' } },
});
const input = newAccountSchema.safeParse({
  email: values.email,
  password: values.password,
  role: values.role,
  eventIds: values.events ? values.events.split(',').map((s) => s.trim()) : undefined,
});
if (!input.success) {
  console.error(`organizer:create: ${formatZodError(input.error)}\nusage: npm run organizer:create -- --email you@example.org --password '<12+ characters>' [--role organizer --events id1,id2]`);
  process.exit(2);
}
const config = loadConfig();
const db = openDatabase(config.DATA_DIR);
try {
  const organizer = await createAccount({ db, accounts: new OrganizerAccounts(db), audit: new AuditLog(db), now: () => Date.now() }, 'cli', input.data);
  console.log(`organizer account created: ${organizer.email} (${organizer.role})`);
} catch (err) {
  console.error(`organizer:create: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  db.close();
}
