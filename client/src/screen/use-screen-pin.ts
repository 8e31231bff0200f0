// The announcer's pin as this screen sees it: asked for on every (re)connect, then pushed; it goes
// away by itself when its time is up, counted from when it arrived (no clock sync needed).
import { useEffect, useState } from 'react';
import type { ScreenPin, ScreenPinNotice } from '../../../shared/screen-pin';
import { useLive } from '../live/LiveProvider';

export interface ShownPin {
  pin: ScreenPin;
  /** Local epoch ms when it comes down. */
  endsAt: number;
}

export function useScreenPin(eventId: string): ShownPin | null {
  const { socket, resyncKey } = useLive();
  const [shown, setShown] = useState<ShownPin | null>(null);

  useEffect(() => {
    let cancelled = false;
    const take = (notice: ScreenPinNotice) => {
      if (cancelled || notice.eventId !== eventId) return;
      setShown(notice.pin && notice.remainingMs > 0 ? { pin: notice.pin, endsAt: Date.now() + notice.remainingMs } : null);
    };
    socket.on('screen:pin', take);
    if (socket.connected) {
      socket.emit('screen:watch', { eventId }, (res) => {
        if (res.ok) take(res.data);
      });
    }
    return () => {
      cancelled = true;
      socket.off('screen:pin', take);
    };
  }, [socket, eventId, resyncKey]);

  useEffect(() => {
    if (!shown) return;
    const timer = setTimeout(() => setShown((s) => (s === shown ? null : s)), Math.max(0, shown.endsAt - Date.now()));
    return () => clearTimeout(timer);
  }, [shown]);

  return shown;
}
