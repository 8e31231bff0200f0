// Entrants from a CSV file: choose the file, check the column mapping, read the problems and the
// warnings by line, and what the import will change, counted by the server. The import button
// works only for a file without problems (warnings, such as an unknown country, keep the
// entrant). Merging is the default; an import that removes or rewrites entrants asks first.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntrantImportRequest } from '../../../shared/organizer-api';
import { ConfirmDialog } from './ConfirmDialog';
import { consoleApi, type EntrantPreview } from './console-api';
import { Message } from './Message';
import { useAction } from './use-async';
import { FilePicker } from './FilePicker';

type Mode = NonNullable<EntrantImportRequest['mode']>;
const MODES: Mode[] = ['merge', 'add', 'replace'];

export function EntrantsImport({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const e = (key: string, options?: Record<string, unknown>) => t(`console.entrants.${key}`, options ?? {});
  const [csv, setCsv] = useState<{ name: string; text: string } | null>(null);
  const [mode, setMode] = useState<Mode>('merge');
  const [preview, setPreview] = useState<EntrantPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string> | undefined>(undefined);
  const [asking, setAsking] = useState(false);
  const [run, busy, message] = useAction();

  const check = (text: string, nextMapping: Record<string, string> | undefined, nextMode = mode) =>
    void run(async () => {
      const p = await consoleApi.previewEntrants(eventId, { csv: text, mapping: nextMapping, mode: nextMode });
      setPreview(p);
      setMapping(p.mapping);
    });

  const choose = async (file: File | undefined) => {
    if (!file) return;
    const text = await file.text();
    setCsv({ name: file.name, text });
    setMapping(undefined);
    check(text, undefined);
  };

  const importNow = () =>
    void run(async () => {
      // The count the organizer was shown: if the list changed since, the server refuses.
      const done = await consoleApi.importEntrants(eventId, { csv: csv!.text, mapping, mode, confirmRemoved: preview!.changes.removed });
      setAsking(false);
      setPreview(null);
      setCsv(null);
      return e('imported', { imported: done.imported, total: done.total });
    });

  const clean = preview !== null && preview.problems.length === 0 && preview.rows > 0;
  const changes = preview?.changes;
  const destructive = changes !== undefined && (changes.removed > 0 || changes.updated > 0);
  return (
    <div className="page">
      <h1>{e('title')}</h1>
      <div className="console-card">
        <FilePicker label={e('file')} name="entrants-csv" accept=".csv,text/csv" onFile={(file) => void choose(file)} />
        <label>
          {e('modeLabel')}
          <select name="entrants-mode" value={mode} onChange={(ev) => { const m = ev.target.value as Mode; setMode(m); if (csv) check(csv.text, mapping, m); }}>
            {MODES.map((m) => <option key={m} value={m}>{e(`mode.${m}`)}</option>)}
          </select>
        </label>
      </div>
      {preview && csv && changes && (
        <div className="console-card">
          <h2>{e('columnsOf', { file: csv.name })}</h2>
          <table className="console-table mapping">
            <tbody>
              {preview.fields.map((field) => (
                <tr key={field}>
                  <th>{field}</th>
                  <td>
                    <select aria-label={e('columnFor', { field })} value={mapping?.[field] ?? ''} onChange={(ev) => check(csv.text, { ...mapping, [field]: ev.target.value })}>
                      <option value="">{e('none')}</option>
                      {preview.headers.map((h) => <option key={h} value={h}>{h}</option>)}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="entrants-summary">{e('summary', { rows: preview.rows, valid: preview.valid, problems: preview.problems.length, warnings: preview.warnings.length })}</p>
          {clean && <p className="entrants-changes" data-testid="entrants-changes">{e('changes', { ...changes })}</p>}
          {preview.problems.length > 0 && (
            <table className="console-table problems">
              <thead><tr><th>{e('line')}</th><th>{e('column')}</th><th>{e('problem')}</th></tr></thead>
              <tbody>
                {preview.problems.map((p, i) => <tr key={i}><td>{p.line}</td><td>{p.field ?? ''}</td><td>{p.message}</td></tr>)}
              </tbody>
            </table>
          )}
          {preview.warnings.length > 0 && (
            <>
              <h3>{e('warnings')}</h3>
              <table className="console-table warnings">
                <thead><tr><th>{e('line')}</th><th>{e('column')}</th><th>{e('problem')}</th></tr></thead>
                <tbody>
                  {preview.warnings.map((p, i) => <tr key={i}><td>{p.line}</td><td>{p.field ?? ''}</td><td>{p.message}</td></tr>)}
                </tbody>
              </table>
            </>
          )}
          <button type="button" className={changes.removed > 0 ? 'danger' : undefined} onClick={() => (destructive ? setAsking(true) : importNow())} disabled={!clean || busy}>
            {e('import', { count: preview.rows })}
          </button>
          {!clean && <p className="muted">{e('notClean')}</p>}
        </div>
      )}
      {asking && changes && (
        <ConfirmDialog
          title={changes.removed > 0 ? e('confirm.replaceTitle') : e('confirm.updateTitle')}
          confirmLabel={changes.removed > 0 ? e('confirm.remove', { count: changes.removed }) : e('confirm.update', { count: changes.updated })}
          busy={busy}
          onCancel={() => setAsking(false)}
          onConfirm={importNow}
        >
          {changes.removed > 0 && <p className="confirm-removed"><strong>{e('confirm.removed', { count: changes.removed, withResults: changes.removedWithResults })}</strong></p>}
          <p>{e('confirm.rest', { ...changes })}</p>
          <p className="muted">{e('confirm.undo')}</p>
        </ConfirmDialog>
      )}
      <Message message={message} />
    </div>
  );
}
