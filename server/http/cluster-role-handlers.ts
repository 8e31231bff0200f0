// Each instance's place in the cluster, for the front door's health checks and for operators:
// GET /api/cluster/role answers { role, term, seq } everywhere; GET /api/cluster/leader answers 200
// only on the instance that leads now, so a balancer sends writes there (as Patroni's /leader).
import type { RequestHandler } from 'express';
import type { Leadership } from '../cluster/leadership';
import type { StandbyReport } from '../cluster/replication-source';

export interface ClusterRoleDeps {
  leadership: Leadership;
  /** The newest read-log seq this instance stores; null on a replica, which stores none. */
  seq: () => number | null;
  /** Whether the leader's routes are served here (a standby that took the lease: once its store is open). */
  ready: () => boolean;
  /** On a leader with a standby: how far its copy is, and whether writes wait for it. */
  standby?: () => StandbyReport | undefined;
  /** A write was answered on this leader. */
  wrote?: () => void;
}

export function clusterRoleHandlers({ leadership, seq, ready, standby }: ClusterRoleDeps) {
  const report = () => {
    const copy = leadership.role() === 'leader' ? standby?.() : undefined;
    return { role: leadership.role(), term: leadership.term(), seq: seq(), ...(copy ? { standby: copy } : {}) };
  };
  return {
    role: ((_req, res) => {
      res.set('cache-control', 'no-store').json(report());
    }) as RequestHandler,
    leader: ((_req, res) => {
      const now = report();
      res.set('cache-control', 'no-store').status(now.role === 'leader' && leadership.holds(now.term) && ready() ? 200 : 503).json(now);
    }) as RequestHandler,
  };
}
