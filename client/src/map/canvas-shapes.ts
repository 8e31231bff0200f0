// Shapes of the runner canvas: a dot as a disc of pixels, and a label's place beside the others.

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * The top of the nearest row (down, then up, a label's height at a time) where `box` covers no
 * placed label and stays within `height`; where there is none, where it was.
 */
export function freeRow(box: Box, placed: readonly Box[], height = Infinity): number {
  for (let k = 0; k < 16; k++) {
    const step = (k % 2 === 0 ? 1 : -1) * Math.ceil(k / 2) * (box.h + 2);
    const y = box.y + step;
    if (y < 0 || y + box.h > height) continue;
    if (!placed.some((p) => overlaps({ ...box, y }, p))) return y;
  }
  return box.y;
}

/** Pixel offsets of a disc of radius r, as (dx, dy) pairs. */
export function discOffsets(r: number): Int32Array {
  const out: number[] = [];
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (r <= 1 || dx * dx + dy * dy <= r * r + r) out.push(dx, dy);
  return Int32Array.from(out);
}
