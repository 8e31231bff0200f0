// The alerts at the top of Monitoring: a mat whose device is offline, a mat that talks but reads
// nobody while runners are due (two different faults), overdue runners, unknown chips.
import { useTranslation } from 'react-i18next';
import { formatTimeOfDay } from '../../../shared/format';
import type { MonitoringReport } from '../../../shared/organizer';
import { useEventClock } from './event-clock';

export function MonitoringAlerts({ report, overdue }: { report: MonitoringReport | null; overdue: number }) {
  const { t } = useTranslation();
  const { timeZone } = useEventClock();
  const time = (at: number | null) => (at ? formatTimeOfDay(at, timeZone) : t('console.monitoring.never'));
  return (
    <div className="alerts" aria-live="polite">
      {report?.mats.filter((m) => m.alert === 'device-offline').map((m) => (
        <p key={m.point} className="alert alert-device-offline" role="alert" data-point={m.point}>
          {t('console.monitoring.deviceOffline', {
            name: m.name,
            point: m.point,
            devices: m.devices.map((d) => d.name).join(', '),
            since: time(Math.max(0, ...m.devices.map((d) => d.lastContactAt ?? 0)) || null),
            count: m.expectedNow,
          })}
        </p>
      ))}
      {report?.mats.filter((m) => m.alert === 'no-reads').map((m) => (
        <p key={m.point} className="alert alert-silent" role="alert" data-point={m.point}>
          {t('console.monitoring.noReads', { name: m.name, point: m.point, count: m.expectedNow, last: time(m.lastReadTime) })}
        </p>
      ))}
      {overdue > 0 && <p className="alert alert-overdue" role="alert">{t('console.monitoring.overdueCount', { count: report?.overdueTotal ?? overdue })}</p>}
      {report && report.unmatchedReads > 0 && <p className="alert">{t('console.monitoring.unknownChips', { count: report.unmatchedReads })}</p>}
      {report && report.setAsideReads.total > 0 && (
        <p className="alert alert-set-aside" role="alert">
          {t('console.monitoring.setAsideReads', { count: report.setAsideReads.total, seq: report.setAsideReads.recent[0]?.seq, reason: report.setAsideReads.recent[0]?.reason })}
        </p>
      )}
    </div>
  );
}
