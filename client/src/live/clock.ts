// The client's race clock is the shared one (the server's spot alerts keep time the same way).
export { RaceClock } from '../../../shared/race-clock';
