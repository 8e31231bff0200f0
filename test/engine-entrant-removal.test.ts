// An entrant taken out of the set-up (an import that replaced the list) and put back (the import
// undone): their reads wait as unmatched meanwhile and come back with them, as a restart from the
// log would have it.
import { describe, expect, it } from 'vitest';
import { EventEngine } from '../shared/engine/event-engine';
import { chipRead as read, GUN, min, smallEvent } from './fixtures';

const reads = [read('start', 'C1', GUN + 20_000), read('5k', 'C1', GUN + min(20)), read('finish', 'C1', GUN + min(41)), read('5k', 'C2', GUN + min(19))];

describe('an entrant removed and added back', () => {
  it('keeps their reads as unmatched, then gives them back: the same runner as a fresh engine makes', () => {
    const setup = smallEvent();
    const engine = new EventEngine(setup);
    for (const r of reads) engine.applyRead(r);
    const before = engine.runner('1');
    expect(before?.status).toBe('finished');

    engine.replaceSetup({ ...setup, entrants: setup.entrants.filter((e) => e.bib !== '1') });
    expect(engine.runner('1')).toBeUndefined();
    expect(engine.unmatchedReads().get('chip:C1')?.map((r) => r.point)).toEqual(['start', '5k', 'finish']);
    // What a restart from the log would hold: the same unmatched reads.
    const restarted = new EventEngine({ ...setup, entrants: setup.entrants.filter((e) => e.bib !== '1') });
    for (const r of reads) restarted.applyRead(r);
    expect([...engine.unmatchedReads().keys()]).toEqual([...restarted.unmatchedReads().keys()]);

    engine.replaceSetup(setup);
    expect(engine.unmatchedReads().has('chip:C1')).toBe(false);
    expect(engine.runner('1')).toEqual(before);
    expect(engine.readCount('1')).toBe(3);
  });
});
