// Zod issues as one readable line ("field: what is wrong"), for every edge that validates.
import type { z } from 'zod';

export function formatZodIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'invalid';
  const path = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${path}${issue.message}`;
}

export function formatZodError(error: z.ZodError, max = 5): string {
  const shown = error.issues.slice(0, max).map(formatZodIssue);
  const more = error.issues.length > max ? ` (and ${error.issues.length - max} more)` : '';
  return shown.join('; ') + more;
}
