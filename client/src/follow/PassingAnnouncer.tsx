// Says it politely to screen readers when a followed runner passes a mat: one live region, always
// in the page (a region added with its text is not read), updated with the latest passing.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from '../../../shared/format';
import { useFollow } from './FollowProvider';

export function PassingAnnouncer() {
  const { t } = useTranslation();
  const { followed, details } = useFollow();
  const seen = useRef(new Map<string, number>());
  const [message, setMessage] = useState('');
  useEffect(() => {
    for (const bib of followed) {
      const runner = details.get(bib);
      if (!runner) continue;
      const before = seen.current.get(bib);
      seen.current.set(bib, runner.splits.length);
      // The first sight of a runner is what they did before; only what comes after is news.
      const split = runner.splits.at(-1);
      if (before === undefined || runner.splits.length <= before || !split) continue;
      setMessage(t('announce.passed', { name: runner.name ?? runner.bib, bib: runner.bib, point: split.name, time: formatDuration(split.net) }));
    }
  }, [followed, details, t]);
  return (
    <div className="sr-only" role="status" aria-live="polite" data-testid="passing-announcer">
      {message}
    </div>
  );
}
