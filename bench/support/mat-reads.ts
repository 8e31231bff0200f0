// Reads as timing mats send them to the read log: one decoder per mat (its own device id), each
// passing numbered as a Race Result decoder numbers it (`rr:<box>:<file>:<passing>`), the field's
// reads in time order, so the read-key index takes keys from every mat interleaved.
import { randomUUID } from 'node:crypto';
import { seededRandom } from '../../shared/random';
import type { NewRead } from '../../server/storage/read-log';

export function matReads(bibs: number, points: number, seed = 1): NewRead[] {
  const random = seededRandom(seed);
  const gun = Date.UTC(2017, 3, 17, 14, 0);
  const mats = Array.from({ length: points }, (_, p) => ({ point: p === 0 ? 'start' : p === points - 1 ? 'finish' : `${p * 4}k`, device: randomUUID(), box: `A-${1200 + p}`, passings: 0 }));
  const pace = Array.from({ length: bibs }, () => 180_000 + random() * 240_000);
  const wave = Array.from({ length: bibs }, () => random() * 1_800_000);
  const timed: { time: number; mat: number; bib: number }[] = [];
  for (let b = 0; b < bibs; b++) for (let p = 0; p < points; p++) timed.push({ time: Math.round(gun + wave[b] + p * 4 * pace[b] * (0.95 + random() * 0.1)), mat: p, bib: b });
  timed.sort((a, b) => a.time - b.time);
  return timed.map(({ time, mat, bib }) => {
    const m = mats[mat];
    m.passings++;
    return { key: `id:${m.device}:rr:${m.box}:1:${m.passings}`, point: m.point, chip: null, bib: String(bib + 1), time, device: m.device };
  });
}
