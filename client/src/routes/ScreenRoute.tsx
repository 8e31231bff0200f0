// The big screen mounts here (/screen/:eventId); loaded on its own so spectators never download it.
import { lazy, Suspense } from 'react';
import { LiveProvider } from '../live/LiveProvider';

const ScreenPage = lazy(() => import('../screen/ScreenPage').then((m) => ({ default: m.ScreenPage })));

export function ScreenRoute() {
  return (
    <LiveProvider>
      <Suspense fallback={null}>
        <ScreenPage />
      </Suspense>
    </LiveProvider>
  );
}
