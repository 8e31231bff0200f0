// Every runner on one canvas over the map, from their projections. Ten times a second every
// runner is projected and written straight into an ImageData buffer (no path per runner) on an
// offscreen canvas; every animation frame blits that field with the map's pan offset. That holds
// tens of thousands of runners at full frame rate; followed runners get a ring and their name.
// Behind each dot a faint trail along the course shows where the runner probably is (the 80 %
// range of their ETA), longer the longer since the last mat; followed runners get a wide band.
import L from 'leaflet';
import { lineMetres, segmentFraction, segmentIndex, segmentIndexNear, type CourseLine } from './course-line';
import { certainty, projectedDistance, spreadOf, type Trackable } from './runner-estimate';
import { discOffsets, freeRow, type Box } from './canvas-shapes';

export interface DrawRunner extends Trackable {
  /** Name drawn beside a followed runner; null for the rest. */
  label: string | null;
  /** Flag image URL drawn before the label. */
  flag?: string | null;
}

/** Sizes in CSS pixels: a phone shows small dots, a stadium screen large ones. */
export interface RunnerSizes {
  /** Dots are discs of this radius (1: the 3×3 dot of the spectator map). */
  dotRadius: number;
  labelPx: number;
}

export const DEFAULT_SIZES: RunnerSizes = { dotRadius: 1, labelPx: 12 };

const rgb = (r: number, g: number, b: number) => (b << 16) | (g << 8) | r;
/** Orange for a runner between mats, violet for one overdue at the next mat. */
const DOT_RGB = rgb(234, 88, 12);
const OVERDUE_RGB = rgb(124, 58, 237);
/** The spread: the dot's orange, faint. */
const SPREAD_COLOUR = ((70 << 24) | DOT_RGB) >>> 0;
/** Pixels of spread drawn per runner at most: a longer spread is dotted, which keeps 56,000 runners cheap. */
const MAX_SPREAD_STEPS = 10;
const DENSITY_EVERY_MS = 1000;
/** How often every runner is projected again; runners move a few pixels a second at most. */
const FIELD_EVERY_MS = 100;

export class RunnerCanvasLayer {
  readonly canvas: HTMLCanvasElement;
  private ctx: CanvasRenderingContext2D;
  private field = document.createElement('canvas');
  private fieldCtx = this.field.getContext('2d')!;
  private fieldAt = -Infinity;
  private fieldOff = { x: 0, y: 0 };
  private frameOff = { x: 0, y: 0 };
  /** Total ms spent projecting and rasterising the field, and how many times. */
  fieldMs = 0;
  fieldCount = 0;
  private image: ImageData | null = null;
  private pixels: Uint32Array | null = null;
  private runners: DrawRunner[] = [];
  private xs = new Float32Array(0);
  private ys = new Float32Array(0);
  /** Course distances of each runner's spread in the last field (low, high). */
  private spreadLow = new Float64Array(0);
  private spreadHigh = new Float64Array(0);
  private at = { x: 0, y: 0 };
  /** Estimated race distance per runner in the last frame (NaN when not drawn). */
  distances = new Float64Array(0);
  private courseX = new Float64Array(0);
  private courseY = new Float64Array(0);
  private raf = 0;
  private lastDensity = 0;
  private disc: Int32Array;
  private flags = new Map<string, HTMLImageElement>();
  frames = 0;

  constructor(
    private map: L.Map,
    private line: CourseLine,
    private now: () => number,
    private onDensity?: (distances: Float64Array, count: number) => void,
    private sizes: RunnerSizes = DEFAULT_SIZES,
  ) {
    this.disc = discOffsets(Math.max(1, Math.round(sizes.dotRadius)));
    this.canvas = L.DomUtil.create('canvas', 'runner-canvas') as HTMLCanvasElement;
    this.canvas.setAttribute('data-testid', 'runner-canvas');
    Object.assign(this.canvas.style, { position: 'absolute', inset: '0', pointerEvents: 'none', zIndex: '450' });
    this.ctx = this.canvas.getContext('2d')!;
    map.getContainer().appendChild(this.canvas);
    map.on('zoomend viewreset', this.reproject);
    map.on('resize', this.resize);
    map.on('zoomstart', this.hide);
    map.on('zoomend', this.show);
    this.resize();
    this.reproject();
  }

  setRunners(runners: DrawRunner[]): void {
    this.runners = runners;
    if (this.xs.length < runners.length) {
      this.xs = new Float32Array(runners.length);
      this.ys = new Float32Array(runners.length);
      this.distances = new Float64Array(runners.length);
      this.spreadLow = new Float64Array(runners.length);
      this.spreadHigh = new Float64Array(runners.length);
    }
  }

  start(): void {
    const loop = () => {
      this.draw();
      this.raf = requestAnimationFrame(loop);
    };
    this.raf = requestAnimationFrame(loop);
  }

  remove(): void {
    cancelAnimationFrame(this.raf);
    this.map.off('zoomend viewreset', this.reproject);
    this.map.off('resize', this.resize);
    this.map.off('zoomstart', this.hide);
    this.map.off('zoomend', this.show);
    this.canvas.remove();
  }

  /** The drawn runner nearest a container point, within `radius` pixels. */
  nearest(x: number, y: number, radius = 10): DrawRunner | null {
    let best = -1;
    let bestD = radius * radius;
    const sx = this.frameOff.x - this.fieldOff.x;
    const sy = this.frameOff.y - this.fieldOff.y;
    for (let i = 0; i < this.runners.length; i++) {
      if (Number.isNaN(this.distances[i])) continue;
      const dx = this.xs[i] + sx - x;
      const dy = this.ys[i] + sy - y;
      const d = dx * dx + dy * dy;
      if (d <= bestD) {
        bestD = d;
        best = i;
      }
    }
    return best < 0 ? null : this.runners[best];
  }

  private hide = () => {
    this.canvas.style.visibility = 'hidden';
  };

  private show = () => {
    this.canvas.style.visibility = '';
  };

  private resize = () => {
    const size = this.map.getSize();
    this.canvas.width = Math.max(1, size.x);
    this.canvas.height = Math.max(1, size.y);
    this.field.width = this.canvas.width;
    this.field.height = this.canvas.height;
    this.fieldAt = -Infinity;
    this.image = this.fieldCtx.createImageData(this.canvas.width, this.canvas.height);
    this.pixels = new Uint32Array(this.image.data.buffer);
  };

  /** The course's vertices in projected pixels at the current zoom. */
  private reproject = () => {
    const zoom = this.map.getZoom();
    const n = this.line.coords.length;
    this.courseX = new Float64Array(n);
    this.courseY = new Float64Array(n);
    this.line.coords.forEach(([lon, lat], i) => {
      const p = this.map.project([lat, lon], zoom);
      this.courseX[i] = p.x;
      this.courseY[i] = p.y;
    });
    this.fieldAt = -Infinity;
  };

  /** One animation frame: the field projected again when due, then blitted at the current pan. */
  draw(): void {
    const origin = this.map.getPixelOrigin();
    const pane = this.map.containerPointToLayerPoint([0, 0]);
    this.frameOff = { x: -origin.x - pane.x, y: -origin.y - pane.y };
    const started = performance.now();
    if (started - this.fieldAt >= FIELD_EVERY_MS) {
      this.fieldAt = started;
      this.fieldOff = this.frameOff;
      this.drawField(this.frameOff.x, this.frameOff.y);
      this.fieldMs += performance.now() - started;
      this.fieldCount += 1;
    }
    this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.ctx.drawImage(this.field, Math.round(this.frameOff.x - this.fieldOff.x), Math.round(this.frameOff.y - this.fieldOff.y));
    this.frames += 1;
  }

  /** Project every runner and rasterise the dots, in container pixels for the given pan offset. */
  private drawField(offX: number, offY: number): void {
    const { image, pixels } = this;
    if (!image || !pixels) return;
    const w = image.width;
    const h = image.height;
    const now = this.now();
    const { cumulative } = this.line;
    const last = cumulative.length - 1;
    if (last < 1) return;
    pixels.fill(0);
    const labelled: number[] = [];
    const disc = this.disc;
    const reach = Math.max(1, Math.round(this.sizes.dotRadius));
    // The hot loop: estimate() inlined, nothing allocated per runner.
    for (let i = 0; i < this.runners.length; i++) {
      const r = this.runners[i];
      const raw = projectedDistance(r, now - r.startTime);
      const overdue = raw > r.nextMat;
      const distance = raw > r.nextMat ? r.nextMat : raw < r.lastDistance ? r.lastDistance : raw;
      this.distances[i] = distance;
      const m = lineMetres(this.line, distance);
      const lo = segmentIndex(cumulative, m);
      this.pixelOn(lo, segmentFraction(cumulative, lo, m), offX, offY);
      const { x, y } = this.at;
      this.xs[i] = x;
      this.ys[i] = y;
      if (r.label !== null) labelled.push(i);
      // The spread, inlined spreadOf(): pixels along the course between its ends, under any dot.
      let low = distance;
      let high = distance;
      if (r.msPerMetreSlow > 0 && r.msPerMetreFast > 0) {
        const run = now - r.startTime - r.fromNet;
        const slow = r.fromDistance + run / r.msPerMetreSlow;
        const fast = r.fromDistance + run / r.msPerMetreFast;
        low = slow < r.lastDistance ? r.lastDistance : slow > distance ? distance : slow;
        high = fast > r.nextMat ? r.nextMat : fast < distance ? distance : fast;
      }
      this.spreadLow[i] = low;
      this.spreadHigh[i] = high;
      if (high > low) {
        // The ends are near the dot: walk from its segment instead of searching the whole line.
        this.pointNear(low, lo, offX, offY);
        const x0 = this.at.x;
        const y0 = this.at.y;
        this.pointNear(high, lo, offX, offY);
        const steps = Math.min(MAX_SPREAD_STEPS, Math.ceil(Math.max(Math.abs(this.at.x - x0), Math.abs(this.at.y - y0))));
        for (let k = 0; k <= steps; k++) {
          // Two straight halves through the dot follow the course well enough over a spread.
          const f = steps > 0 ? k / steps : 0;
          const half = f < 0.5;
          const g = half ? f * 2 : (f - 0.5) * 2;
          const px = (half ? x0 + (x - x0) * g : x + (this.at.x - x) * g) | 0;
          const py = (half ? y0 + (y - y0) * g : y + (this.at.y - y) * g) | 0;
          if (px < 0 || py < 0 || px >= w || py >= h) continue;
          const idx = py * w + px;
          if (pixels[idx] === 0) pixels[idx] = SPREAD_COLOUR;
        }
      }
      const xi = x | 0;
      const yi = y | 0;
      if (xi < reach || yi < reach || xi >= w - reach || yi >= h - reach) continue;
      const age = now - r.lastTime;
      // ImageData is RGBA in memory: little-endian ABGR as a 32-bit word.
      const colour = ((((certainty(age > 0 ? age : 0) * 255) | 0) << 24) | (overdue ? OVERDUE_RGB : DOT_RGB)) >>> 0;
      const centre = yi * w + xi;
      for (let k = 0; k < disc.length; k += 2) pixels[centre + disc[k + 1] * w + disc[k]] = colour;
    }
    this.fieldCtx.putImageData(image, 0, 0);
    this.drawLabels(labelled, offX, offY);
    if (this.onDensity && performance.now() - this.lastDensity > DENSITY_EVERY_MS) {
      this.lastDensity = performance.now();
      this.onDensity(this.distances, this.runners.length);
    }
  }

  /** Container pixel of a race distance, into `this.at` (nothing allocated). */
  private pointAt(distance: number, offX: number, offY: number): void {
    const { cumulative } = this.line;
    const m = lineMetres(this.line, distance);
    const lo = segmentIndex(cumulative, m);
    this.pixelOn(lo, segmentFraction(cumulative, lo, m), offX, offY);
  }

  /** Container pixel of a race distance into `this.at`, walking the line from vertex `from`. */
  private pointNear(distance: number, from: number, offX: number, offY: number): void {
    const { cumulative } = this.line;
    const m = lineMetres(this.line, distance);
    const lo = segmentIndexNear(cumulative, m, from);
    this.pixelOn(lo, segmentFraction(cumulative, lo, m), offX, offY);
  }

  /** Container pixel `t` of the way along segment `lo` of the projected course, into `this.at`. */
  private pixelOn(lo: number, t: number, offX: number, offY: number): void {
    const hi = Math.min(lo + 1, this.courseX.length - 1);
    this.at.x = this.courseX[lo] + (this.courseX[hi] - this.courseX[lo]) * t + offX;
    this.at.y = this.courseY[lo] + (this.courseY[hi] - this.courseY[lo]) * t + offY;
  }

  /** A followed runner's spread: a wide translucent band along the course itself. */
  private drawSpread(i: number, offX: number, offY: number): void {
    const low = this.spreadLow[i];
    const high = this.spreadHigh[i];
    if (!(high > low)) return;
    const ctx = this.fieldCtx;
    const { cumulative } = this.line;
    ctx.beginPath();
    this.pointAt(low, offX, offY);
    ctx.moveTo(this.at.x, this.at.y);
    const from = lineMetres(this.line, low);
    const to = lineMetres(this.line, high);
    for (let v = 0; v < cumulative.length; v++) {
      if (cumulative[v] > from && cumulative[v] < to) ctx.lineTo(this.courseX[v] + offX, this.courseY[v] + offY);
    }
    this.pointAt(high, offX, offY);
    ctx.lineTo(this.at.x, this.at.y);
    ctx.lineCap = 'round';
    ctx.lineWidth = 8;
    ctx.strokeStyle = 'rgb(217 119 6 / 0.35)';
    ctx.stroke();
  }

  private drawLabels(indices: number[], offX: number, offY: number): void {
    const ctx = this.fieldCtx;
    for (const i of indices) this.drawSpread(i, offX, offY);
    const px = this.sizes.labelPx;
    const ring = Math.max(6, this.sizes.dotRadius + 3);
    const pad = px / 3;
    ctx.font = `600 ${px}px system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    const placed: Box[] = [];
    for (const i of indices) {
      const x = this.xs[i];
      const y = this.ys[i];
      ctx.beginPath();
      ctx.arc(x, y, ring, 0, Math.PI * 2);
      ctx.fillStyle = '#d97706';
      ctx.fill();
      ctx.lineWidth = Math.max(2, ring / 4);
      ctx.strokeStyle = '#fff';
      ctx.stroke();
      const label = this.runners[i].label!;
      const flag = this.flagImage(this.runners[i].flag);
      const flagW = flag ? px * 1.33 + pad : 0;
      const box = { x: x + ring + pad, y: y - px * 0.75, w: ctx.measureText(label).width + flagW + 2 * pad, h: px * 1.5 };
      // Leaders run in a pack: a label that would cover another moves down (or up) beside it.
      box.y = freeRow(box, placed, this.field.height);
      placed.push(box);
      const mid = box.y + box.h / 2;
      if (mid !== y) {
        ctx.beginPath();
        ctx.moveTo(x, y);
        ctx.lineTo(box.x, mid);
        ctx.stroke();
      }
      ctx.fillStyle = 'rgb(255 255 255 / 0.9)';
      ctx.fillRect(box.x, box.y, box.w, box.h);
      if (flag) ctx.drawImage(flag, box.x + pad, mid - px / 2, px * 1.33, px);
      ctx.fillStyle = '#17202a';
      ctx.fillText(label, box.x + pad + flagW, mid);
    }
  }

  /** A flag drawn once it has loaded (the screen preloads them); nothing until then. */
  private flagImage(url: string | null | undefined): HTMLImageElement | null {
    if (!url) return null;
    let img = this.flags.get(url);
    if (!img) {
      img = new Image();
      img.src = url;
      this.flags.set(url, img);
    }
    return img.complete && img.naturalWidth > 0 ? img : null;
  }
}
