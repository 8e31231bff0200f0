// Age groups from lower bounds: [18, 35, 40] gives "18-34", "35-39", "40+".
import type { Entrant } from './domain';

export function ageGroupLabel(age: number, bounds: readonly number[]): string | null {
  if (bounds.length === 0) return null;
  const sorted = [...bounds].sort((a, b) => a - b);
  if (age < sorted[0]) return `U${sorted[0]}`;
  for (let i = sorted.length - 1; i >= 0; i--) {
    if (age >= sorted[i]) return i === sorted.length - 1 ? `${sorted[i]}+` : `${sorted[i]}-${sorted[i + 1] - 1}`;
  }
  return null;
}

/** Age on the event day from the entrant's age, or from the birth year. */
export function entrantAge(entrant: Pick<Entrant, 'age' | 'birthYear'>, eventDate: string): number | null {
  if (entrant.age !== undefined) return entrant.age;
  if (entrant.birthYear !== undefined) return Number(eventDate.slice(0, 4)) - entrant.birthYear;
  return null;
}

export function entrantAgeGroup(entrant: Entrant, bounds: readonly number[], eventDate: string): string | null {
  if (entrant.ageGroup) return entrant.ageGroup;
  const age = entrantAge(entrant, eventDate);
  return age === null ? null : ageGroupLabel(age, bounds);
}

/** Boston's age groups, a common default for a marathon. */
export const DEFAULT_AGE_GROUPS = [18, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80];
