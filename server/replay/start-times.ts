// A results file holds net times only: the replay chooses each runner's start-mat crossing. Waves
// of about `waveSize` runners in bib order, `gapMs` apart; within a wave runners cross the mat in
// bib order over `spreadMs`, with a little seeded jitter. Bibs with a letter prefix (Boston's F7
// for elite women) start in a wave of their own, `eliteLeadMs` before the first.
import { seededRandom } from '../../shared/random';

export interface StartOptions {
  /** Gun of the first wave, epoch ms. */
  firstGun: number;
  seed: number;
  waveSize?: number;
  gapMs?: number;
  spreadMs?: number;
  eliteLeadMs?: number;
}

export interface StartPlan {
  waves: { id: string; name: string; gunTime: number }[];
  /** Per bib: its wave and its start-mat crossing (whole ms). */
  starts: Map<string, { waveId: string; start: number }>;
}

const JITTER_MS = 20_000;

function bibOrder(a: string, b: string): number {
  const pa = /^\d+$/.test(a) ? 1 : 0;
  const pb = /^\d+$/.test(b) ? 1 : 0;
  if (pa !== pb) return pa - pb;
  const na = Number(a.replace(/^\D+/, ''));
  const nb = Number(b.replace(/^\D+/, ''));
  return na !== nb && Number.isFinite(na) && Number.isFinite(nb) ? na - nb : a < b ? -1 : a > b ? 1 : 0;
}

export function chooseStarts(bibs: readonly string[], options: StartOptions): StartPlan {
  const waveSize = options.waveSize ?? 7_500;
  const gapMs = options.gapMs ?? 25 * 60_000;
  const spreadMs = options.spreadMs ?? 12 * 60_000;
  const random = seededRandom(options.seed);
  const sorted = [...bibs].sort(bibOrder);
  const elite = sorted.filter((b) => !/^\d+$/.test(b));
  const field = sorted.filter((b) => /^\d+$/.test(b));
  const waves: StartPlan['waves'] = [];
  const starts: StartPlan['starts'] = new Map();
  if (elite.length > 0) {
    const gunTime = options.firstGun - (options.eliteLeadMs ?? 28 * 60_000);
    waves.push({ id: 'elite', name: 'Elite', gunTime });
    for (const bib of elite) starts.set(bib, { waveId: 'elite', start: gunTime + Math.round(random() * 15_000) });
  }
  const waveCount = Math.max(1, Math.round(field.length / waveSize));
  const perWave = Math.ceil(field.length / waveCount);
  for (let w = 0; w < waveCount; w++) {
    const gunTime = options.firstGun + w * gapMs;
    const id = `wave-${w + 1}`;
    waves.push({ id, name: `Wave ${w + 1}`, gunTime });
    const members = field.slice(w * perWave, (w + 1) * perWave);
    members.forEach((bib, i) => {
      const offset = (i / members.length) * spreadMs + random() * JITTER_MS;
      starts.set(bib, { waveId: id, start: gunTime + Math.round(offset) });
    });
  }
  return { waves, starts };
}
