// The announcer's view mounts here (/speaker/:eventId); loaded on its own, like the big screen.
import { lazy, Suspense } from 'react';
import { LiveProvider } from '../live/LiveProvider';

const SpeakerPage = lazy(() => import('../speaker/SpeakerPage').then((m) => ({ default: m.SpeakerPage })));

export function SpeakerRoute() {
  return (
    <LiveProvider>
      <Suspense fallback={null}>
        <SpeakerPage />
      </Suspense>
    </LiveProvider>
  );
}
