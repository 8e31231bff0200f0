// Times of day on the spectators' pages are the event's, not the browser's: said once, under the
// event's name, and only to a browser whose own clock reads differently (a spectator abroad).
import { useTranslation } from 'react-i18next';
import { sameClock, zoneLabel } from '../../../shared/event-time';

function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return 'UTC';
  }
}

export function ZoneNote({ timeZone }: { timeZone: string }) {
  const { t } = useTranslation();
  const now = Date.now();
  if (sameClock(browserZone(), timeZone, now)) return null;
  return (
    <p className="zone-note muted" data-testid="zone-note">
      {t('zone.note', { zone: zoneLabel(timeZone, now) })}
    </p>
  );
}
