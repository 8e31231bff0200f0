// A race's leaderboard: filters, a virtualised list, a brief highlight on change. It shows a board
// it is given (the live window from the server, or a race looked back at); rows not loaded yet are
// placeholders, and it reports which rows are on screen so the live window can follow the scroll.
import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { EventInfo, Race } from '../../../shared/domain';
import type { FilterOptions, LeaderboardFilter } from '../../../shared/board/filters';
import { formatDuration, formatPace } from '../../../shared/format';
import type { LeaderboardEntry } from '../../../shared/views';
import { Flag } from '../Flag';
import { withFilter } from './filters';
import { Filters } from './Filters';
import { RunnerName } from './RunnerName';
import { StatusBadge } from './StatusBadge';
import { FollowButton } from '../follow/FollowButton';
import { pointName } from '../runner/points';
import { useCountryName } from '../i18n/country-name';
import { categoryPlace, placeDigits, placeKind, type PlaceKind } from './category-place';

const ROW_HEIGHT = 48;
const HIGHLIGHT_MS = 2500;

/** What the list shows: `total` rows of scroll height, of which some are loaded. */
export interface Board {
  total: number;
  entryAt(index: number): LeaderboardEntry | undefined;
  changedAt: ReadonlyMap<string, number>;
  options: FilterOptions;
}

interface Props {
  info: EventInfo;
  race: Race;
  board: Board;
  filter: LeaderboardFilter;
  /** Bumped when the board's rows change in place. */
  version: number;
  /** The first and last row on screen, after each scroll. */
  onRange?(first: number, last: number): void;
}

export function Leaderboard({ info, race, board, filter, version, onRange }: Props) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: board.total, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => onRange?.(first, last), [onRange, first, last]);
  const now = Date.now();
  const kind = placeKind(filter);
  const country = useCountryName(info.countries);
  // Whose places these are, said once above the list when it is filtered.
  const category = [filter.gender && t(`gender.${filter.gender}`, { defaultValue: filter.gender }), filter.ageGroup, filter.country && country(filter.country)].filter(Boolean).join(' · ');

  return (
    <section className="leaderboard" data-testid="leaderboard" data-version={version}>
      <Filters options={board.options} filter={filter} countries={info.countries} onChange={(k, v) => setParams(withFilter(params, k, v), { replace: true })} />
      <div className="lb-count muted" data-testid="lb-count">
        {t('leaderboard.count', { count: board.total })}
        {kind !== 'overall' && <span data-testid="lb-places-in"> · {t('places.among', { category })}</span>}
      </div>
      <div className="lb-scroll" ref={scrollRef} style={{ ['--place-digits' as string]: placeDigits(board.total) }} tabIndex={0} role="region" aria-label={t('leaderboard.count', { count: board.total })}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const e = board.entryAt(item.index);
            if (!e) {
              return <div key={`at-${item.index}`} className="lb-placeholder" aria-hidden="true" style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }} />;
            }
            const changed = now - (board.changedAt.get(e.bib) ?? 0) < HIGHLIGHT_MS;
            return (
              <div
                key={e.bib}
                className={`lb-row ${changed ? 'changed' : ''}`}
                data-testid={`row-${e.bib}`}
                data-bib={e.bib}
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                <Row entry={e} info={info} race={race} kind={kind} place={categoryPlace(kind, board.entryAt, item.index, race.ranking)} />
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

interface RowProps {
  entry: LeaderboardEntry;
  info: EventInfo;
  race: Race;
  kind: PlaceKind;
  /** The place in the board's category (overall when unfiltered). */
  place: number | null;
}

function Row({ entry: e, info, race, kind, place }: RowProps) {
  const { t } = useTranslation();
  const time = e.status === 'finished' ? (race.ranking === 'gun' ? e.gunTime : e.netTime) : race.ranking === 'gun' ? e.lastGun : e.lastNet;
  return (
    <>
      <span className="lb-place" data-testid="lb-place">{place ?? ''}</span>
      <span className="lb-who">
        <Link to={`/e/${info.id}/runner/${e.bib}`}>
          <span className="bib">{e.bib}</span> <Flag countries={info.countries} code={e.country} /> <RunnerName row={e} />
        </Link>
        <span className="lb-sub muted">
          {e.status === 'onCourse' ? pointName(race, e.lastPoint) : <StatusBadge status={e.status} />}
          {e.laps ? ` · ${e.laps}/${race.loop?.laps ?? ''}` : ''}
          {kind !== 'overall' && e.places ? <span data-testid="lb-overall"> · {t('places.overall', { place: e.places.overall })}</span> : null}
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
