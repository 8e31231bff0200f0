// Where the leader lease lives in Redis, and how its value reads: "<term> <holder> <url>".
export const leaseKeys = (prefix: string) => ({ lease: `${prefix}:leader`, term: `${prefix}:leader-term` });

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
