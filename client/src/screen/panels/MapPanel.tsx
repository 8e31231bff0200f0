// The course and the field, drawn by the app's map (course line, canvas runner layer).
import { useTranslation } from 'react-i18next';
import type { EventInfo, Race } from '../../../../shared/domain';
import type { RaceState } from '../../live/race-state';
import { CourseMap } from '../../map/CourseMap';
import { SCREEN_NS } from '../screen-i18n';
import { Panel } from './common';

export function MapPanel({ info, race, state, version }: { info: EventInfo; race: Race; state: RaceState; version: number }) {
  const { t } = useTranslation(SCREEN_NS);
  return (
    <Panel kind="map" title={t('map')} subtitle={race.name}>
      <div className="screen-map">
        <CourseMap info={info} race={race} state={state} version={version} />
      </div>
    </Panel>
  );
}
