// Which runners took the lead lately, to highlight them: a leader appearing for the first time is
// not news (as in the rotation), a change is, for as long as news stays up.
import { useEffect, useRef, useState } from 'react';

export function useNewLeaders(leaders: ReadonlyMap<string, string> | null, forMs: number): ReadonlySet<string> {
  const seen = useRef<ReadonlyMap<string, string> | null>(null);
  const [fresh, setFresh] = useState<ReadonlyMap<string, number>>(new Map());
  useEffect(() => {
    if (!leaders) return;
    const before = seen.current;
    seen.current = leaders;
    if (!before) return;
    const now = Date.now();
    const changed: [string, number][] = [];
    for (const [key, bib] of leaders) if (before.has(key) && before.get(key) !== bib) changed.push([bib, now]);
    if (changed.length > 0) setFresh((f) => new Map([...f, ...changed]));
  }, [leaders]);
  useEffect(() => {
    if (fresh.size === 0) return;
    const timer = setTimeout(() => setFresh((f) => new Map([...f].filter(([, at]) => Date.now() - at < forMs))), forMs);
    return () => clearTimeout(timer);
  }, [fresh, forMs]);
  return new Set(fresh.keys());
}
