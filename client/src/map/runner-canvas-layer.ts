// Every runner on one canvas over the map, redrawn each animation frame from their projections.
// Dots are written straight into an ImageData buffer (no path per runner), which holds tens of
// thousands of runners at full frame rate; followed runners get a ring and their name on top.
import L from 'leaflet';
import { segmentAt, lineMetres, type CourseLine } from './course-line';
import { certainty, estimate, type Trackable } from './runner-estimate';

export interface DrawRunner extends Trackable {
  /** Name drawn beside a followed runner; null for the rest. */
  label: string | null;
}

const DOT = [234, 88, 12] as const;
const OVERDUE = [124, 58, 237] as const;
const DENSITY_EVERY_MS = 1000;

export class RunnerCanvasLayer {
  readonly canvas: HTMLCanvasElement;
  private ctx: CanvasRenderingContext2D;
  private image: ImageData | null = null;
  private pixels: Uint32Array | null = null;
  private runners: DrawRunner[] = [];
  private xs = new Float32Array(0);
  private ys = new Float32Array(0);
  /** Estimated race distance per runner in the last frame (NaN when not drawn). */
  distances = new Float64Array(0);
  private courseX = new Float64Array(0);
  private courseY = new Float64Array(0);
  private raf = 0;
  private lastDensity = 0;
  frames = 0;

  constructor(
    private map: L.Map,
    private line: CourseLine,
    private now: () => number,
    private onDensity?: (distances: Float64Array, count: number) => void,
  ) {
    this.canvas = L.DomUtil.create('canvas', 'runner-canvas') as HTMLCanvasElement;
    this.canvas.setAttribute('data-testid', 'runner-canvas');
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
    for (let i = 0; i < this.runners.length; i++) {
      if (Number.isNaN(this.distances[i])) continue;
      const dx = this.xs[i] - x;
      const dy = this.ys[i] - y;
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
    this.image = this.ctx.createImageData(this.canvas.width, this.canvas.height);
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
  };

  draw(): void {
    const { image, pixels } = this;
    if (!image || !pixels) return;
    const w = image.width;
    const h = image.height;
    const now = this.now();
    const origin = this.map.getPixelOrigin();
    const pane = this.map.containerPointToLayerPoint([0, 0]);
    const offX = -origin.x - pane.x;
    const offY = -origin.y - pane.y;
    const { cumulative } = this.line;
    const last = cumulative.length - 1;
    pixels.fill(0);
    const labelled: number[] = [];
    for (let i = 0; i < this.runners.length; i++) {
      const r = this.runners[i];
      const e = estimate(r, now);
      this.distances[i] = e.distance;
      const { index, t } = segmentAt(cumulative, lineMetres(this.line, e.distance));
      const j = Math.min(index + 1, last);
      const x = this.courseX[index] + (this.courseX[j] - this.courseX[index]) * t + offX;
      const y = this.courseY[index] + (this.courseY[j] - this.courseY[index]) * t + offY;
      this.xs[i] = x;
      this.ys[i] = y;
      if (r.label !== null) labelled.push(i);
      const xi = x | 0;
      const yi = y | 0;
      if (xi < 1 || yi < 1 || xi >= w - 1 || yi >= h - 1) continue;
      const [cr, cg, cb] = e.overdue ? OVERDUE : DOT;
      // ImageData is RGBA in memory: little-endian ABGR as a 32-bit word.
      const colour = (((certainty(e.age) * 255) | 0) << 24) | (cb << 16) | (cg << 8) | cr;
      for (let dy = -1; dy <= 1; dy++) {
        const row = (yi + dy) * w + xi;
        pixels[row - 1] = colour;
        pixels[row] = colour;
        pixels[row + 1] = colour;
      }
    }
    this.ctx.putImageData(image, 0, 0);
    this.drawLabels(labelled);
    this.frames += 1;
    if (this.onDensity && performance.now() - this.lastDensity > DENSITY_EVERY_MS) {
      this.lastDensity = performance.now();
      this.onDensity(this.distances, this.runners.length);
    }
  }

  private drawLabels(indices: number[]): void {
    const ctx = this.ctx;
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    for (const i of indices) {
      const x = this.xs[i];
      const y = this.ys[i];
      ctx.beginPath();
      ctx.arc(x, y, 6, 0, Math.PI * 2);
      ctx.fillStyle = '#d97706';
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = '#fff';
      ctx.stroke();
      const label = this.runners[i].label!;
      const width = ctx.measureText(label).width;
      ctx.fillStyle = 'rgb(255 255 255 / 0.9)';
      ctx.fillRect(x + 9, y - 9, width + 8, 18);
      ctx.fillStyle = '#17202a';
      ctx.fillText(label, x + 13, y);
    }
  }
}
