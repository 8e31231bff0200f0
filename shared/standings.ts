// Kept for the time-travel files until they read shared/board/ themselves; new code imports from there.
export { matchesFilter, type LeaderboardFilter } from './board/filters';
export type { Ranking } from './board/order';
export { placesAtSplits } from './board/split-places';
