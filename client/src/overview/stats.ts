// Figures for the race overview: the server computes them for live races; a page looking back
// computes them from the fetched race with the same functions.
export { finishHistogram, perCountry } from '../../../shared/race-view';
export type Bin = { from: number; count: number };
