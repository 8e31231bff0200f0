// A region that scrolls sideways when its content is wider than the screen: reachable by keyboard
// (a scrollable region must take focus), named for screen readers, and saying so when it scrolls.
import { useEffect, useRef, useState, type ReactNode } from 'react';

export function ScrollRegion({ label, hint, children, testId }: { label: string; hint: string; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [overflowing, setOverflowing] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setOverflowing(el.scrollWidth > el.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <>
      <div ref={ref} className="table-scroll" tabIndex={0} role="region" aria-label={label} data-overflowing={overflowing} data-testid={testId}>
        {children}
      </div>
      {overflowing && <p className="scroll-hint muted" aria-hidden="true">{hint}</p>}
    </>
  );
}
