// Where the leader lease lives in Redis, and how its value reads: "<term> <holder> <url>".
export const leaseKeys = (prefix: string) => ({ lease: `${prefix}:leader`, term: `${prefix}:leader-term`, replica: (id: string) => `${prefix}:replica:${id}`, replicas: `${prefix}:replica:*` });

/** A replica announces itself this often, for this long: gone from the roster soon after it stops. */
export const ROSTER_EVERY_MS = 3000;
export const ROSTER_TTL_MS = 10_000;

export interface LeaseHolder {
  term: number;
  holder: string;
  url: string;
}

export const leaseValue = (h: LeaseHolder) => `${h.term} ${h.holder} ${h.url}`;

export function parseLeaseValue(value: string | null): LeaseHolder | null {
  const [term, holder, url] = value?.split(' ') ?? [];
  if (!term || !holder || !url || !/^\d+$/.test(term)) return null;
  return { term: Number(term), holder, url };
}
