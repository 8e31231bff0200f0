// Runners per km as a strip of bars along the course, start to finish.
import { useTranslation } from 'react-i18next';

export function DensityStrip({ density }: { density: number[] }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...density);
  const total = density.reduce((a, b) => a + b, 0);
  return (
    <div className="density-wrap" data-testid="density">
      <div className="map-legend muted">
        <span>{t('map.density')}</span>
        <span>{t('map.onMap', { count: total })}</span>
      </div>
      <div className="density" role="img" aria-label={t('map.density')}>
        {density.map((n, km) => (
          <span key={km} style={{ height: `${(n / max) * 100}%` }} title={`${km}–${km + 1} km: ${n}`} />
        ))}
      </div>
    </div>
  );
}
