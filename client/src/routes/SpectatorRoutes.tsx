// The spectator app: event list, an event with its races, a runner.
import { Route, Routes } from 'react-router-dom';
import { Shell } from '../pages/Shell';
import { EventListPage } from '../pages/EventListPage';
import { EventLayout } from '../pages/EventLayout';
import { EventPage } from '../pages/EventPage';
import { RunnerPage } from '../runner/RunnerPage';

export function SpectatorRoutes() {
  return (
    <Routes>
      <Route element={<Shell />}>
          <Route index element={<EventListPage />} />
          <Route path="e/:eventId" element={<EventLayout />}>
            <Route index element={<EventPage />} />
            <Route path="race/:raceId" element={<EventPage />} />
            <Route path="runner/:bib" element={<RunnerPage />} />
          </Route>
        </Route>
    </Routes>
  );
}
