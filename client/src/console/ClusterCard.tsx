// The servers behind the console: whether this one leads alone or in a cluster, how far its
// standby's copy is and whether reads wait for it, and the replicas serving spectators.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClusterStatus } from '../../../shared/organizer-api';
import { consoleApi } from './console-api';

/** Often enough to see a standby fall behind; one request for one organizer's page. */
const REFRESH_MS = 2000;

export function ClusterCard() {
  const { t } = useTranslation();
  const c = (key: string, options?: Record<string, unknown>) => t(`console.monitoring.cluster.${key}`, options ?? {});
  const [status, setStatus] = useState<ClusterStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    const load = () =>
      consoleApi.cluster().then(
        (s) => {
          if (stopped) return;
          setStatus(s);
          setError(null);
        },
        (err: Error) => !stopped && setError(err.message),
      );
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);

  const standby = status?.standby;
  return (
    <section className="console-card" data-testid="cluster">
      <h2>{c('title')}</h2>
      {error && <p className="error">{error}</p>}
      {status && !status.clustered && <p>{c('single')}</p>}
      {status?.clustered && (
        <>
          <p>{c('leader', { term: status.term, seq: status.seq })}</p>
          <p data-testid="cluster-standby" className={!standby || standby.leftBehind ? 'error' : ''}>
            {standby ? c(standby.synchronous ? 'standbySync' : standby.leftBehind ? 'standbyAlone' : 'standbyAsync', { lag: standby.lagReads }) : c('noStandby')}
          </p>
          <p>{status.replicas.length > 0 ? c('replicas', { count: status.replicas.length, urls: status.replicas.map((r) => r.url).join(', ') }) : c('noReplicas')}</p>
        </>
      )}
    </section>
  );
}
