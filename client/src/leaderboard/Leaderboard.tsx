// A race's live leaderboard: the shared ranking, filters, a virtualised list, a brief highlight on change.
import { useMemo, useRef } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { EventInfo, Race } from '../../../shared/domain';
import { leaderboard } from '../../../shared/standings';
import { formatDuration, formatPace } from '../../../shared/format';
import type { LeaderboardEntry } from '../../../shared/views';
import type { RaceState } from '../live/race-state';
import { Flag } from '../Flag';
import { filterFromParams, filterOptions, withFilter } from './filters';
import { Filters } from './Filters';
import { RunnerName } from './RunnerName';
import { StatusBadge } from './StatusBadge';
import { FollowButton } from '../follow/FollowButton';
import { pointName } from '../runner/points';

const ROW_HEIGHT = 48;
const HIGHLIGHT_MS = 2500;

interface Props {
  info: EventInfo;
  race: Race;
  state: RaceState;
  version: number;
}

export function Leaderboard({ info, race, state, version }: Props) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  // version stands for the rows' content, which changes in place.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const board = useMemo(() => leaderboard(state.rows.values(), { ranking: race.ranking, filter }), [state, version, race.ranking, filter]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const options = useMemo(() => filterOptions(state.rows.values()), [state, version]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: board.entries.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const now = Date.now();

  return (
    <section className="leaderboard" data-testid="leaderboard">
      <Filters options={options} filter={filter} countries={info.countries} onChange={(k, v) => setParams(withFilter(params, k, v), { replace: true })} />
      <div className="lb-count muted">{t('leaderboard.count', { count: board.total })}</div>
      <div className="lb-scroll" ref={scrollRef}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const e = board.entries[item.index];
            const changed = now - (state.changedAt.get(e.bib) ?? 0) < HIGHLIGHT_MS;
            return (
              <div
                key={e.bib}
                className={`lb-row ${changed ? 'changed' : ''}`}
                data-testid={`row-${e.bib}`}
                data-bib={e.bib}
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                <Row entry={e} info={info} race={race} />
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

function Row({ entry: e, info, race }: { entry: LeaderboardEntry; info: EventInfo; race: Race }) {
  const time = e.status === 'finished' ? (race.ranking === 'gun' ? e.gunTime : e.netTime) : race.ranking === 'gun' ? e.lastGun : e.lastNet;
  return (
    <>
      <span className="lb-place">{e.places?.overall ?? ''}</span>
      <span className="lb-who">
        <Link to={`/e/${info.id}/runner/${e.bib}`}>
          <span className="bib">{e.bib}</span> <Flag countries={info.countries} code={e.country} /> <RunnerName row={e} />
        </Link>
        <span className="lb-sub muted">
          {e.status === 'onCourse' ? pointName(race, e.lastPoint) : <StatusBadge status={e.status} />}
          {e.laps ? ` · ${e.laps}/${race.loop?.laps ?? ''}` : ''}
        </span>
      </span>
      <span className="lb-time">
        <span>{formatDuration(time)}</span>
        <span className="lb-sub muted">{formatPace(e.pace)}</span>
      </span>
      <FollowButton bib={e.bib} />
    </>
  );
}
