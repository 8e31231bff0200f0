// Configuration from the environment, validated once at start.
import { z } from 'zod';
import { DEFAULT_DECODER_NETWORKS } from './timing/decoder-networks';
import { DEFAULT_PUSH_SERVICES, parsePushServices } from './push/push-services';

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  REDIS_URL: z.string().url().optional(),
  /** Prefix of every Redis channel, so several deployments can share one Redis. */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/).default('splitcast'),
  /**
   * primary: ingests and stores reads, alone; standby: the same, but leads only while it holds the
   * cluster's lease in Redis (docs/cluster.md); replica: serves spectators from the leader's state.
   */
  ROLE: z.enum(['primary', 'standby', 'replica']).default('primary'),
  /** Where a replica loads state from; unset in a cluster with a lease: whoever holds it. */
  PRIMARY_URL: z.string().url().optional(),
  /** How long the leader's lease lasts without renewal: a failover takes about this long. */
  LEASE_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** The leader answers a batch of reads only once the standby has it on disk too (docs/cluster.md). */
  SYNC_STANDBY: flag.default(false),
  /** How long a write waits for the standby before the leader goes on alone. */
  SYNC_TIMEOUT_MS: z.coerce.number().int().min(1).max(60_000).default(2000),
  /** The URL other instances reach this one at (a standby's, once it leads); default: http://127.0.0.1:PORT. */
  ADVERTISE_URL: z.string().url().optional(),
  /** Shared secret between instances for the state endpoint replicas load from. */
  CLUSTER_TOKEN: z.string().min(16).optional(),
  COALESCE_MS: z.coerce.number().int().min(0).max(10_000).default(250),
  /** How long after a change the primary snapshots its engines (so a restart need not score the whole log); 0: never. */
  SNAPSHOT_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),
  /** Collect and compact the heap once reads stop (see server/live/idle-collector.ts). */
  IDLE_GC: flag.default(true),
  /** TCP port for timing equipment streams (ChronoTrack, Race Result); unset: no listener. */
  TIMING_TCP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Networks a Race Result decoder link may reach (comma-separated CIDRs); never loopback or this server's ports. */
  DECODER_NETWORKS: z.string().default(DEFAULT_DECODER_NETWORKS),
  DEMO: flag.default(true),
  DEMO_DEVICE_TOKEN: z.string().min(8).optional(),
  /** A results file (the replay's CSV format) the demo is built from instead of the Tehran-shaped event. */
  DEMO_RESULTS: z.string().min(1).optional(),
  /** Speed of the demo's simulated race over real time. */
  DEMO_SPEED: z.coerce.number().positive().max(10_000).default(1),
  /** Leaflet URL template of the map tiles; empty for no tiles. */
  TILE_URL: z
    .string()
    .refine((v) => v === '' || (/^(https?:\/\/|\/)/.test(v) && ['{z}', '{x}', '{y}'].every((p) => v.includes(p))), 'must be empty or an http(s) URL or a path with {z}, {x} and {y}')
    .default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  TILE_ATTRIBUTION: z.string().default('© OpenStreetMap contributors'),
  /** A raster MBTiles file served at /tiles/{z}/{x}/{y}; when set, it is the maps' tiles (TILE_URL is not used). */
  TILES_MBTILES: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The first organizer account (an admin), created at start when it does not exist. */
  ORGANIZER_EMAIL: z.string().email().optional(),
  ORGANIZER_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  /** How often the organizers' console receives a monitoring report. */
  MONITOR_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
  /** API requests per client address per window (0: no limit); generous, as spectators may share one address. */
  RATE_LIMIT_IP: z.coerce.number().int().min(0).default(20_000),
  /** API requests per device token per window (0: no limit). */
  RATE_LIMIT_DEVICE: z.coerce.number().int().min(0).default(12_000),
  /** Race subscriptions and follow changes one client address may make at once, all its sockets together (then two a second); 0: no socket budget at all (organizers' monitoring subscriptions neither). */
  SOCKET_BURST: z.coerce.number().int().min(0).max(10_000).default(30),
  /** Socket.IO connections one client address may hold open at once (0: no limit); more are refused with a message. */
  SOCKETS_PER_ADDRESS: z.coerce.number().int().min(0).max(1_000_000).default(50),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** Express "trust proxy" (true, a hop count or addresses) when TLS ends at a reverse proxy. */
  TRUST_PROXY: z
    .string()
    .transform((v) => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v))
    .optional(),
  /** Push services alerts may be sent to: https origins, comma-separated; `https://*.host` stands for any subdomain of host. */
  PUSH_SERVICES: z
    .string()
    .default(DEFAULT_PUSH_SERVICES)
    .transform((v, ctx) => {
      const parsed = parsePushServices(v);
      if (typeof parsed === 'string') {
        ctx.addIssue({ code: 'custom', message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
  /** Who runs this server, told to push services with every alert (VAPID "sub"): a mailto: or https: URL. */
  PUSH_CONTACT: z
    .string()
    .regex(/^(mailto:|https:\/\/)\S+$/, 'must be a mailto: or https: URL')
    .default('mailto:alerts@splitcast.invalid'),
  /** Alert subscriptions one client address may create or end per window. */
  RATE_LIMIT_ALERTS: z.coerce.number().int().min(0).default(30),
  /** Where the built client is; empty to serve no client. */
  CLIENT_DIR: z.string().default('dist/client'),
});

export type Config = z.infer<typeof envSchema>;

/** Settings where empty means something (no tiles, no client), not "use the default". */
const EMPTY_MEANS_NONE = new Set(['TILE_URL', 'CLIENT_DIR']);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== '' || EMPTY_MEANS_NONE.has(k))));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ');
    throw new Error(`bad configuration:\n  ${problems}`);
  }
  const config = parsed.data;
  if (config.ROLE === 'replica' && (!config.CLUSTER_TOKEN || !config.REDIS_URL)) {
    throw new Error('bad configuration: a replica needs CLUSTER_TOKEN and REDIS_URL (and PRIMARY_URL when no standby holds a lease)');
  }
  if (config.ROLE === 'standby' && (!config.CLUSTER_TOKEN || !config.REDIS_URL)) {
    throw new Error('bad configuration: a standby needs CLUSTER_TOKEN and REDIS_URL (the lease is kept in Redis)');
  }
  return config;
}

/** Configuration for tests and tools: defaults, then the given values. */
export function configWith(values: Partial<Config>): Config {
  return { ...loadConfig({}), DEMO: false, CLIENT_DIR: '', LOG_LEVEL: 'silent', ...values };
}
