// Entrants from a CSV file: choose the file, check the column mapping, read the problems and the
// warnings by line; the import button works only for a file without problems (warnings, such as
// an unknown country, keep the entrant), and imports it whole.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { consoleApi, type EntrantPreview } from './console-api';
import { Message } from './Message';
import { useAction } from './use-async';

export function EntrantsImport({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const [csv, setCsv] = useState<{ name: string; text: string } | null>(null);
  const [mode, setMode] = useState<'replace' | 'add'>('replace');
  const [preview, setPreview] = useState<EntrantPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string> | undefined>(undefined);
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

  const confirm = () =>
    void run(async () => {
      const done = await consoleApi.importEntrants(eventId, { csv: csv!.text, mapping, mode });
      setPreview(null);
      setCsv(null);
      return `Imported ${done.imported} entrants (${done.total} in the event)`;
    });

  const clean = preview !== null && preview.problems.length === 0 && preview.rows > 0;
  return (
    <div className="page">
      <h1>{t('console.entrants.title')}</h1>
      <div className="console-card">
        <label>
          Entrants file (CSV)
          <input type="file" name="entrants-csv" accept=".csv,text/csv" onChange={(e) => void choose(e.target.files?.[0])} />
        </label>
        <label>
          The file is
          <select value={mode} onChange={(e) => { const m = e.target.value as 'replace' | 'add'; setMode(m); if (csv) check(csv.text, mapping, m); }}>
            <option value="replace">the whole entrant list (replaces it)</option>
            <option value="add">new entrants (added to the list)</option>
          </select>
        </label>
      </div>
      {preview && csv && (
        <div className="console-card">
          <h2>Columns of {csv.name}</h2>
          <table className="console-table mapping">
            <tbody>
              {preview.fields.map((field) => (
                <tr key={field}>
                  <th>{field}</th>
                  <td>
                    <select aria-label={`column for ${field}`} value={mapping?.[field] ?? ''} onChange={(e) => check(csv.text, { ...mapping, [field]: e.target.value })}>
                      <option value="">(none)</option>
                      {preview.headers.map((h) => <option key={h} value={h}>{h}</option>)}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="entrants-summary">{t('console.entrants.summary', { rows: preview.rows, valid: preview.valid, problems: preview.problems.length, warnings: preview.warnings.length })}</p>
          {preview.problems.length > 0 && (
            <table className="console-table problems">
              <thead><tr><th>Line</th><th>Column</th><th>Problem</th></tr></thead>
              <tbody>
                {preview.problems.map((p, i) => <tr key={i}><td>{p.line}</td><td>{p.field ?? ''}</td><td>{p.message}</td></tr>)}
              </tbody>
            </table>
          )}
          {preview.warnings.length > 0 && (
            <>
              <h3>{t('console.entrants.warnings')}</h3>
              <table className="console-table warnings">
                <thead><tr><th>{t('console.entrants.line')}</th><th>{t('console.entrants.column')}</th><th>{t('console.entrants.problem')}</th></tr></thead>
                <tbody>
                  {preview.warnings.map((p, i) => <tr key={i}><td>{p.line}</td><td>{p.field ?? ''}</td><td>{p.message}</td></tr>)}
                </tbody>
              </table>
            </>
          )}
          <button type="button" onClick={confirm} disabled={!clean || busy}>Import {preview.rows} entrants</button>
          {!clean && <p className="muted">Nothing is imported until the file is clean: fix it, or the mapping, and choose it again.</p>}
        </div>
      )}
      <Message message={message} />
    </div>
  );
}
