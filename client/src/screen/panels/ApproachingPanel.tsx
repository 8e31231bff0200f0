// Runners projected to reach the finish in the next minutes, soonest first, with a countdown.
import type { EventInfo } from '../../../../shared/domain';
import { formatDuration, formatDurationRange } from '../../../../shared/format';
import type { SpeakerEntry } from '../../speaker/speaker-list';
import { Flag } from '../../Flag';
import { useScreenT } from '../screen-i18n';
import { Name, Panel } from './common';

export function ApproachingPanel({ info, entries, now, horizonMs, showRace }: { info: EventInfo; entries: SpeakerEntry[]; now: number; horizonMs: number; showRace: boolean }) {
  const t = useScreenT();
  const raceName = (id: string) => info.races.find((r) => r.id === id)?.name ?? id;
  return (
    <Panel kind="approaching" title={t('approaching')}>
      {entries.length === 0 ? (
        <p className="empty">{t('noneApproaching', { minutes: Math.round(horizonMs / 60_000) })}</p>
      ) : (
        <ol className="rows">
          {entries.map((e) => (
            <li key={`${e.raceId}/${e.runner.bib}`} className="row onCourse" data-bib={e.runner.bib}>
              <span className="place">{e.runner.places?.overall ?? ''}</span>
              <Flag countries={info.countries} code={e.runner.country} />
              <Name row={e.runner} />
              {showRace && <span className="race">{raceName(e.raceId)}</span>}
              <span className="time">
                {e.eta <= now ? t('due') : t('inTime', { time: formatDuration(e.eta - now) })}
                {/* The 80 % range, in minutes from now. */}
                {e.range && e.range[1] > now && <small className="eta-range"> {formatDurationRange([Math.max(0, e.range[0] - now), e.range[1] - now])}′</small>}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
