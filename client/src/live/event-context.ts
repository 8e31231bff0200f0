// The event's info for every page inside an event's frame (EventLayout provides it).
import { createContext, useContext } from 'react';
import type { EventInfo } from '../../../shared/domain';

export const EventContext = createContext<EventInfo | null>(null);

export function useEventInfo(): EventInfo {
  const info = useContext(EventContext);
  if (!info) throw new Error('useEventInfo outside EventLayout');
  return info;
}
