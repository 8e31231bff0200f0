// The runner the announcer put on the screen, over whatever panel is up, until the pin's time ends.
// The live row is used when the runner is on the race's stage (a leader, a latest finisher, one
// approaching), so the card keeps up with them; otherwise the row the pin came with.
import type { EventInfo, Race } from '../../../../shared/domain';
import { formatDuration } from '../../../../shared/format';
import type { RaceStage } from '../../../../shared/stage';
import type { LeaderboardEntry, RunnerRow } from '../../../../shared/views';
import { Flag } from '../../Flag';
import { rankingTime } from '../leaders';
import { ScreenLanguageContext, useScreenT } from '../screen-i18n';
import { useContext } from 'react';
import { countryName } from '../../i18n/country-name';
import { useScreenPin, type ShownPin } from '../use-screen-pin';
import type { RaceStates } from '../RaceFeeds';
import { PanelBoundary } from '../PanelBoundary';
import { whereName } from './common';
import { GENDER_KEY } from './TopPanel';

/** The runner's row on the race's stage, with the places the server gave it. */
function placed(stage: RaceStage | undefined, bib: string): LeaderboardEntry | undefined {
  if (!stage) return undefined;
  return [...stage.leaders, ...stage.latest, ...stage.onCourse, ...stage.approaching.map((a) => a.runner)].find((e) => e.bib === bib);
}

export function PinCard({ info, shown, stage }: { info: EventInfo; shown: ShownPin; stage: RaceStage | undefined }) {
  const t = useScreenT();
  const language = useContext(ScreenLanguageContext);
  const race: Race | undefined = info.races.find((r) => r.id === shown.pin.raceId);
  const live = placed(stage, shown.pin.runner.bib);
  const row: RunnerRow = live ?? shown.pin.runner;
  // Never a private entrant (the server refuses to pin one); nothing rather than a name.
  if (row.private || row.name === null) return null;
  const time = race ? rankingTime(race, row) : null;
  // Live when the runner is on the stage, else as they were placed when pinned.
  const places = live?.places ?? shown.pin.runner.places ?? null;
  const country = row.country ? countryName(info.countries, row.country, language) : null;
  return (
    <aside className="pin-card" data-testid="screen-pin" data-bib={row.bib} role="status">
      <div className="pin-kicker">{t('pinned')}</div>
      <div className="pin-who">
        <Flag countries={info.countries} code={row.country} />
        <span className="pin-name">{row.name}</span>
        <span className="pin-bib">
          {t('bib')} {row.bib}
        </span>
      </div>
      <div className="pin-line">
        {[race?.name, country, row.ageGroup ? `${row.gender}${row.ageGroup}` : null].filter(Boolean).join(' · ')}
      </div>
      <div className="pin-line pin-status">
        {row.status === 'finished' && t('finishedIn', { time: formatDuration(time) })}
        {row.status === 'onCourse' && race && t('atPoint', { point: `\u2068${whereName(race, row)}\u2069`, time: formatDuration(time) })}
        {row.status === 'onCourse' && row.projectedNet !== null && ` · ${t('projectedFinish', { time: formatDuration(row.projectedNet) })}`}
      </div>
      {places && (
        <div className="pin-line pin-places">
          {[
            t('placeOverall', { place: places.overall }),
            t('placeGender', { place: places.gender, gender: t(GENDER_KEY[row.gender]) }),
            places.ageGroup !== null && row.ageGroup ? t('placeGroup', { place: places.ageGroup, group: `${row.gender}${row.ageGroup}` }) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </div>
      )}
      <div className="pin-timer" style={{ animationDuration: `${Math.max(0, shown.endsAt - Date.now())}ms` }} key={shown.pin.id} />
    </aside>
  );
}

/** The pin over the screen; its own component, so a pin coming or going redraws only the card. */
export function ScreenPinLayer({ eventId, info, states }: { eventId: string; info: EventInfo; states: RaceStates }) {
  const shown = useScreenPin(eventId);
  if (!shown) return null;
  return (
    <PanelBoundary>
      <PinCard info={info} shown={shown} stage={states.get(shown.pin.raceId)} />
    </PanelBoundary>
  );
}
