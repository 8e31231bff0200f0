import { useTranslation } from 'react-i18next';
import type { RunnerStatus } from '../../../shared/views';

export function StatusBadge({ status }: { status: RunnerStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${status}`}>{t(`status.${status}`)}</span>;
}
