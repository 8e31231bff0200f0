// Followed bibs per event, kept in the browser.
const key = (eventId: string) => `splitcast.follow.${eventId}`;
export const MAX_FOLLOWED = 40;

export function loadFollowed(eventId: string): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key(eventId)) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((b): b is string => typeof b === 'string').slice(0, MAX_FOLLOWED) : [];
  } catch {
    return [];
  }
}

export function saveFollowed(eventId: string, bibs: readonly string[]): void {
  try {
    localStorage.setItem(key(eventId), JSON.stringify(bibs.slice(0, MAX_FOLLOWED)));
  } catch {
    // Storage full or blocked: following still works for this visit.
  }
}

export function toggled(bibs: readonly string[], bib: string): string[] {
  return bibs.includes(bib) ? bibs.filter((b) => b !== bib) : [...bibs, bib].slice(-MAX_FOLLOWED);
}
