import { useTranslation } from 'react-i18next';
import { useFollow } from './FollowProvider';

export function FollowButton({ bib }: { bib: string }) {
  const { isFollowed, toggle } = useFollow();
  const { t } = useTranslation();
  const on = isFollowed(bib);
  return (
    <button
      type="button"
      className={`follow ${on ? 'follow-on' : ''}`}
      aria-pressed={on}
      data-testid={`follow-${bib}`}
      title={on ? t('follow.unfollow') : t('follow.follow')}
      onClick={() => toggle(bib)}
    >
      {on ? '★' : '☆'}
      <span className="sr-only">{on ? t('follow.unfollow') : t('follow.follow')}</span>
    </button>
  );
}
