// The one rule for numbered race updates, kept by the server's mirrors, the client and the tests:
// an update applies when it follows the last one by exactly 1; an older one is a duplicate to
// drop; anything further ahead means updates were missed, and only a fresh snapshot repairs that.
export type SequenceStep = 'next' | 'duplicate' | 'gap';

export function sequenceStep(have: number, got: number): SequenceStep {
  if (got <= have) return 'duplicate';
  return got === have + 1 ? 'next' : 'gap';
}
