// A runner's name; a private entrant is shown without one.
import { useTranslation } from 'react-i18next';
import type { RunnerRow } from '../../../shared/views';

export function RunnerName({ row }: { row: Pick<RunnerRow, 'name' | 'private'> }) {
  const { t } = useTranslation();
  if (row.private || row.name === null) return <span className="name private">{t('runner.private')}</span>;
  return <span className="name">{row.name}</span>;
}
