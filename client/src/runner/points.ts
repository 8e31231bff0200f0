import type { Race } from '../../../shared/domain';

export function pointName(race: Race, pointId: string | null): string {
  if (!pointId) return '–';
  return race.timingPoints.find((p) => p.id === pointId)?.name ?? pointId;
}
