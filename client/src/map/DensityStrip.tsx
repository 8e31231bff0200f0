// Runners per km as a strip of bars along the course, start to finish.
import { useTranslation } from 'react-i18next';

/** `words` replaces the spectator app's words (the stadium screen has its own language). */
export function DensityStrip({ density, words }: { density: number[]; words?: { title: string; count: (n: number) => string } }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...density);
  const total = density.reduce((a, b) => a + b, 0);
  const title = words?.title ?? t('map.density');
  return (
    <div className="density-wrap" data-testid="density" data-total={total}>
      <div className="map-legend muted">
        <span>{title}</span>
        <span>{words ? words.count(total) : t('map.onMap', { count: total })}</span>
      </div>
      <div className="density" role="img" aria-label={title}>
        {density.map((n, km) => (
          <span key={km} style={{ height: `${(n / max) * 100}%` }} title={`${km}–${km + 1} km: ${n}`} />
        ))}
      </div>
    </div>
  );
}
