// The race clock of every race on screen, in the bar above every panel, and the full-screen clock
// panel for finish-line moments. The clock is the client's race clock (the later of the wall clock
// and the reads seen), so a replayed or sped-up race shows its own time.
import { useEffect, useState } from 'react';
import type { Race } from '../../../shared/domain';
import { useLive } from '../live/LiveProvider';
import { waveRaceClock } from './race-clock';
import { useScreenT } from './screen-i18n';
import { Panel } from './panels/common';

/**
 * The race clock's "now", redrawn just after each whole second rather than on a fast timer: one
 * render a second keeps the screen's main thread free on a busy machine. Guns fall on whole
 * seconds, so the displayed second turns with the race's.
 */
function useRaceNow(): number {
  const { clock } = useLive();
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const next = () => {
      const at = clock.now();
      setNow(at);
      timer = setTimeout(next, 1000 - (at % 1000) + 5);
    };
    next();
    return () => clearTimeout(timer);
  }, [clock]);
  return now;
}

function ClockFace({ race, now, showName }: { race: Race; now: number; showName: boolean }) {
  const t = useScreenT();
  const reading = waveRaceClock(race, now);
  const waves = reading.waves;
  return (
    <span className={`race-clock ${reading.phase}`} data-testid="race-clock" data-race={race.id} data-phase={reading.phase}>
      {showName && <span className="race-clock-name">{race.name}</span>}
      <span className="race-clock-time" dir="ltr">
        {reading.text}
      </span>
      {reading.phase === 'none' && <span className="race-clock-note">{t('noGun')}</span>}
      {reading.phase === 'before' && <span className="race-clock-note">{t('toStart')}</span>}
      {waves && reading.phase === 'running' && (
        <span className="race-clock-note race-clock-waves" data-testid="race-clock-waves">
          {waves.off === waves.total ? t('wavesAllOff', { count: waves.total }) : t('wavesOff', { off: waves.off, total: waves.total })}
          {waves.next && (
            <>
              {' · '}
              <bdi>{waves.next.name}</bdi> <bdi dir="ltr">{waves.next.in}</bdi>
            </>
          )}
        </span>
      )}
    </span>
  );
}

export function RaceClocks({ races }: { races: Race[] }) {
  const now = useRaceNow();
  return (
    <div className="race-clocks">
      {races.map((race) => (
        <ClockFace key={race.id} race={race} now={now} showName={races.length > 1} />
      ))}
    </div>
  );
}

export function ClockPanel({ races }: { races: Race[] }) {
  const t = useScreenT();
  const now = useRaceNow();
  return (
    <Panel kind="clock" title={t('clock')}>
      {/* As large as the panel takes: one race fills it, three share it. */}
      <div className="clock-faces" style={{ fontSize: `${Math.min(9, 13 / Math.max(1, races.length))}em` }}>
        {races.map((race) => (
          <ClockFace key={race.id} race={race} now={now} showName />
        ))}
      </div>
    </Panel>
  );
}
