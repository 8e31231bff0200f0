// Routes. One line per area; each area owns its own route file. One live connection for all.
import { Route, Routes } from 'react-router-dom';
import { SpectatorRoutes } from './routes/SpectatorRoutes';
import { ConsoleRoutes } from './routes/ConsoleRoutes';
import { ScreenRoute } from './routes/ScreenRoute';
import { SpeakerRoute } from './routes/SpeakerRoute';
import { LiveProvider } from './live/LiveProvider';

export function App() {
  return (
    <LiveProvider>
      <Routes>
        <Route path="/console/*" element={<ConsoleRoutes />} />
        <Route path="/screen/:eventId" element={<ScreenRoute />} />
        <Route path="/speaker/:eventId" element={<SpeakerRoute />} />
        <Route path="/*" element={<SpectatorRoutes />} />
      </Routes>
    </LiveProvider>
  );
}
