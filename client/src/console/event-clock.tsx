// The event's clock for the console: its zone and date, from the event itself, so every tab shows
// and reads times as the venue does whatever the browser's own zone; the zone is said once, above.
import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { zoneLabel } from '../../../shared/event-time';

export interface EventClock {
  timeZone: string;
  /** The event's date (YYYY-MM-DD): a time of day typed alone is on it. */
  date: string;
}

const EventClockContext = createContext<EventClock>({ timeZone: 'UTC', date: '1970-01-01' });

export const EventClockProvider = EventClockContext.Provider;

export function useEventClock(): EventClock {
  return useContext(EventClockContext);
}

/** "Times in Asia/Tehran, UTC+03:30": once, where every tab can see it. */
export function ZoneCaption() {
  const { t } = useTranslation();
  const { timeZone } = useEventClock();
  return (
    <span className="muted zone-caption" data-testid="zone-caption">
      {t('console.clock.zone', { zone: zoneLabel(timeZone, Date.now()) })}
    </span>
  );
}
