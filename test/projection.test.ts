// The projection model on its own: one function for finish, next-mat ETA and position, fed only
// by the runner's splits and what the field has shown so far.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FieldModel, segmentEnds } from '../shared/engine/field-model';
import { FADE_EXPONENT, projectorFor, type ProjectionPoint } from '../shared/engine/projection';

const MATS = [0, 5000, 10_000, 15_000, 20_000, 21_097.5, 25_000, 30_000, 35_000, 40_000, 42_195];

/** Splits of a runner at `pace` ms/m who slows by `fade` per segment after 20 km. */
function runner(pace: number, fade: number, upTo = 42_195): ProjectionPoint[] {
  const out: ProjectionPoint[] = [];
  let net = 0;
  let previous = 0;
  let current = pace;
  for (const d of MATS.slice(1)) {
    if (d > upTo) break;
    if (d > 20_000 && previous >= 20_000) current *= fade;
    net += current * (d - previous);
    out.push({ distance: d, net });
    previous = d;
  }
  return out;
}

describe('projection', () => {
  it('merges mats too close to a segment of their own (20K and Half)', () => {
    expect(segmentEnds(MATS, 42_195)).toEqual([5000, 10_000, 15_000, 20_000, 25_000, 30_000, 35_000, 40_000, 42_195]);
  });

  it('without field data: Riegel beyond the last split, the splits themselves before it', () => {
    const p = projectorFor([{ distance: 10_000, net: 3_000_000 }, { distance: 20_000, net: 6_200_000 }])!;
    expect(p.netAt(42_195)).toBeCloseTo(6_200_000 * Math.pow(42_195 / 20_000, FADE_EXPONENT), 0);
    expect(p.netAt(15_000)).toBeCloseTo(4_600_000, 0);
    expect(projectorFor([])).toBeNull();
  });

  it('learns the fade the field shows and projects a runner of the same pace with it', () => {
    const field = new FieldModel(MATS, 42_195);
    // Fifty runners at 5:00/km who lose 6 % per segment after 20 km.
    for (let i = 0; i < 50; i++) field.observe(`r${i}`, runner(300 + i * 0.05, 1.06));
    const at30k = runner(300, 1.06, 30_000);
    const truth = runner(300, 1.06).at(-1)!.net;
    const evenPace = (at30k.at(-1)!.net * 42_195) / 30_000;
    const projected = projectorFor(at30k, field)!.netAt(42_195);
    expect(Math.abs(projected - truth)).toBeLessThan(0.01 * truth);
    expect(Math.abs(evenPace - truth)).toBeGreaterThan(0.03 * truth);
  });

  it('counts a runner\'s segment once however often they are derived again', () => {
    const a = new FieldModel(MATS, 42_195);
    const b = new FieldModel(MATS, 42_195);
    for (let i = 0; i < 10; i++) {
      a.observe(`r${i}`, runner(300, 1.1));
      b.observe(`r${i}`, runner(300, 1.1));
    }
    // Ten more derivations of one runner who ran evenly must not outweigh the others.
    for (let k = 0; k < 10; k++) a.observe('r0', runner(300, 1.0));
    expect(a.logRatio(35_000, 300, 1.1)).toBe(b.logRatio(35_000, 300, 1.1));
  });

  it('counts a segment once on an ultra with more segments than a runner\'s mask holds', () => {
    // 100 km with a mat every 2.5 km: 40 segments.
    const mats = Array.from({ length: 41 }, (_, i) => i * 2500);
    const splits = (pace: number) => mats.slice(1).map((d) => ({ distance: d, net: pace * d * (d > 60_000 ? 1.1 : 1) }));
    const a = new FieldModel(mats, 100_000);
    const b = new FieldModel(mats, 100_000);
    for (let i = 0; i < 10; i++) {
      a.observe(`r${i}`, splits(400 + i));
      b.observe(`r${i}`, splits(400 + i));
    }
    for (let k = 0; k < 5; k++) a.observe('r0', splits(300));
    for (const end of [20_000, 80_000, 97_500]) expect(a.logRatio(end, 400, 1)).toBe(b.logRatio(end, 400, 1));
    expect(b.logRatio(97_500, 400, 1)).not.toBeNull();
    // What it learned survives a snapshot.
    const restored = new FieldModel(mats, 100_000).restore(a.saved());
    restored.observe('r0', splits(300));
    expect(restored.logRatio(97_500, 400, 1)).toBe(b.logRatio(97_500, 400, 1));
  });

  it('one function: position and time agree both ways, and never run backwards', () => {
    const field = new FieldModel(MATS, 42_195);
    for (let i = 0; i < 20; i++) field.observe(`r${i}`, runner(280 + i, 1.04));
    fc.assert(
      fc.property(fc.integer({ min: 240, max: 480 }), fc.constantFrom(5000, 15_000, 21_097.5, 30_000, 40_000), fc.double({ min: 0.01, max: 1, noNaN: true }), (pace, upTo, share) => {
        const p = projectorFor(runner(pace, 1.03, upTo), field)!;
        const d = share * 42_195;
        const t = p.netAt(d);
        expect(p.distanceAt(t, 42_195)).toBeCloseTo(d, 3);
        expect(p.netAt(d + 100)).toBeGreaterThan(t);
      }),
      { numRuns: 200 },
    );
  });
});
