// Whether the next click on the course map or strip sets "my spot": asked for from the spot panel,
// so a click on the map otherwise keeps choosing runners.
import { useSyncExternalStore } from 'react';

let picking = false;
const listeners = new Set<() => void>();

export function setPicking(on: boolean): void {
  picking = on;
  for (const l of listeners) l();
}

export function usePicking(): boolean {
  return useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => picking,
  );
}
