// Share this runner's page: the system's share sheet where the browser has one (phones), else the
// link copied to the clipboard, with a visible word that it was.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export function ShareButton({ title }: { title: string }) {
  const { t } = useTranslation();
  const [said, setSaid] = useState('');
  const share = async () => {
    const url = location.href;
    if (typeof navigator.share === 'function') {
      // A closed share sheet rejects: nothing to say then.
      await navigator.share({ title, url }).catch(() => undefined);
      return;
    }
    try {
      await navigator.clipboard.writeText(url);
      setSaid(t('runner.linkCopied'));
    } catch {
      setSaid(t('runner.copyFailed', { url }));
    }
  };
  return (
    <>
      <button type="button" className="share" onClick={() => void share()} data-testid="share">
        {t('runner.share')}
      </button>
      <span role="status" className="share-said muted" data-testid="share-said">{said}</span>
    </>
  );
}
