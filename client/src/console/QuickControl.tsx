// Race control from the keyboard: bib, action, reason, Enter. The bib field takes the focus
// again after each action, so one runner after another goes without the mouse.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntrantStatus } from '../../../shared/domain';
import { consoleApi } from './console-api';

const ACTIONS = ['dns', 'dnf', 'dq', 'registered', 'private', 'public'] as const;
type QuickAction = (typeof ACTIONS)[number];

export function QuickControl({ eventId, run, busy, done }: { eventId: string; run: (action: () => Promise<string | void>) => Promise<unknown>; busy: boolean; done: (note: string) => string }) {
  const { t } = useTranslation();
  const c = (key: string, options?: Record<string, unknown>) => t(`console.control.${key}`, options ?? {});
  const [bib, setBib] = useState('');
  const [action, setAction] = useState<QuickAction>('dns');
  const [reason, setReason] = useState('');
  const bibField = useRef<HTMLInputElement>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const target = bib.trim();
    void run(async () => {
      if (action === 'private' || action === 'public') await consoleApi.privacy(eventId, target, { private: action === 'private', reason });
      else await consoleApi.status(eventId, target, { status: action as EntrantStatus, reason });
      setBib('');
      setReason('');
      bibField.current?.focus();
      return done(c('done', { bib: target, action: c(`actions.${action}`) }));
    });
  };

  return (
    <form className="console-card quick-control" onSubmit={submit} aria-label={c('quick')}>
      <h2>{c('quick')} <span className="muted">{c('quickHelp')}</span></h2>
      <div className="console-inline">
        <label>{c('bib')} <input ref={bibField} name="quick-bib" value={bib} onChange={(e) => setBib(e.target.value)} required autoFocus size={8} /></label>
        <label>{c('action')} <select name="quick-action" value={action} onChange={(e) => setAction(e.target.value as QuickAction)}>{ACTIONS.map((a) => <option key={a} value={a}>{c(`actions.${a}`)}</option>)}</select></label>
        <label>{c('reason')} <input name="quick-reason" value={reason} onChange={(e) => setReason(e.target.value)} required /></label>
        <button type="submit" disabled={busy}>{c('apply')}</button>
      </div>
    </form>
  );
}
