// Results of a race as CSV for a spreadsheet: UTF-8 with a byte-order mark, every field quoted,
// CRLF lines, and text that a spreadsheet would run as a formula escaped (papaparse escapeFormulae).
import Papa from 'papaparse';
import type { Race } from '../../shared/domain';
import { formatDuration } from '../../shared/format';
import type { LeaderboardEntry, RunnerDetail } from '../../shared/views';

export type ExportRow = RunnerDetail & Pick<LeaderboardEntry, 'places'> & { statusReason?: string };

const STATUS_LABEL: Record<LeaderboardEntry['status'], string> = {
  finished: 'finished',
  onCourse: 'on course',
  registered: 'not started',
  dnf: 'DNF',
  dq: 'DQ',
  dns: 'DNS',
};

export function resultsCsv(race: Race, entries: readonly ExportRow[], isProvisional: (bib: string) => boolean): string {
  const columns = splitColumns(race);
  const header = ['Place', 'Bib', 'Name', 'Gender', 'Gender place', 'Age group', 'Country', ...columns.map((c) => c.label), 'Gun time', 'Net time', 'Status', 'Reason', 'Provisional'];
  const columnOf = new Map(columns.map((c, i) => [c.key, i]));
  const rows = entries.map((e) => {
    const splitCells = new Array<string>(columns.length).fill('');
    for (const s of e.splits) {
      const i = columnOf.get(splitKey(s.point, s.lap));
      if (i !== undefined) splitCells[i] = formatDuration(s.net ?? s.gun);
    }
    const finished = e.status === 'finished';
    return [
      finished && e.places ? e.places.overall : '',
      e.bib,
      e.name ?? '',
      e.gender,
      finished && e.places ? e.places.gender : '',
      e.ageGroup ?? '',
      e.country ?? '',
      ...splitCells,
      finished ? formatDuration(e.gunTime) : '',
      finished ? formatDuration(e.netTime) : '',
      STATUS_LABEL[e.status],
      e.statusReason ?? '',
      isProvisional(e.bib) ? 'provisional' : '',
    ];
  });
  return '\uFEFF' + Papa.unparse({ fields: header, data: rows }, { quotes: true, escapeFormulae: true, newline: '\r\n' }) + '\r\n';
}

const splitKey = (point: string, lap: number | undefined) => (lap === undefined ? point : `${point}#${lap}`);

/** One column per mat (point to point) or per lap (loop), the finish included. */
function splitColumns(race: Race): { key: string; label: string }[] {
  if (race.kind === 'loop' && race.loop) {
    const point = race.timingPoints.find((p) => p.id === race.loop!.lapPoint)!;
    return Array.from({ length: race.loop.laps }, (_, i) => ({ key: splitKey(point.id, i + 1), label: `${point.name} ${i + 1}` }));
  }
  return race.timingPoints
    .filter((p) => p.kind !== 'start')
    .sort((a, b) => a.distance - b.distance)
    .map((p) => ({ key: p.id, label: p.name }));
}
