// "Alert me" beside the follow star: alerts at every mat and at the finish, even with the page
// closed. Hidden where the browser cannot receive push messages.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEventInfo } from '../live/event-context';
import { alertsSupported, startAlerts, stopAlerts, useAlertedBibs } from './push-alerts';

export function AlertButton({ bib }: { bib: string }) {
  const info = useEventInfo();
  const { t, i18n } = useTranslation();
  const on = useAlertedBibs(info.id).includes(bib);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  if (!alertsSupported()) return null;
  const lang = i18n.language === 'fa' ? 'fa' : 'en';
  const click = async () => {
    setBusy(true);
    setProblem(null);
    try {
      if (on) await stopAlerts(info.id, bib, lang);
      else await startAlerts(info.id, bib, lang);
    } catch (err) {
      const reason = (err as Error).message;
      setProblem(reason === 'denied' ? t('alerts.denied') : reason === 'full' ? t('alerts.full') : t('alerts.failed', { reason }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className={`alert-me ${on ? 'alert-me-on' : ''}`} aria-pressed={on} disabled={busy} data-testid={`alert-${bib}`} title={on ? t('alerts.stop') : t('alerts.hint')} onClick={() => void click()}>
        {on ? `🔔 ${t('alerts.on')}` : `🔕 ${t('alerts.start')}`}
      </button>
      {problem && (
        <span className="alert-me-problem" role="status">
          {problem}
        </span>
      )}
    </>
  );
}
