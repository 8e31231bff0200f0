// What a change of the entrant list does, counted: the numbers a confirmation shows before an
// import or an undo ("451 entrants will be removed, 65 of them have results").
import type { Entrant } from '../../shared/domain';
import type { EntrantChanges } from '../../shared/organizer-api';

/** Same entrant, field by field (every field is a plain value); an unset field equals a missing one. */
function same(a: Entrant, b: Entrant): boolean {
  if (a === b) return true;
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const key in x) if (x[key] !== y[key]) return false;
  for (const key in y) if (x[key] !== y[key]) return false;
  return true;
}

export function entrantChanges(before: readonly Entrant[], after: readonly Entrant[], hasReads: (bib: string) => boolean): EntrantChanges {
  const was = new Map(before.map((e) => [e.bib, e]));
  const now = new Set(after.map((e) => e.bib));
  const removed = before.filter((e) => !now.has(e.bib));
  let added = 0;
  let updated = 0;
  for (const e of after) {
    const old = was.get(e.bib);
    if (!old) added++;
    else if (!same(old, e)) updated++;
  }
  return { added, updated, removed: removed.length, removedWithResults: removed.filter((e) => hasReads(e.bib)).length, total: after.length };
}

/** A sentence for logs and refusals: what the change does. */
export function describeChanges(c: EntrantChanges): string {
  const parts = [`${c.added} added`, `${c.updated} updated`, `${c.removed} removed${c.removed > 0 ? ` (${c.removedWithResults} of them with results)` : ''}`];
  return `${parts.join(', ')}; ${c.total} entrants after`;
}
