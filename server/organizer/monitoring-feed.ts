// Monitoring reports for the organizers' sockets, shared: each event's basis (every runner's
// expected arrival: the costly part) is computed once per interval for all who watch it, and a
// report once per distinct set of options, which are rounded (time tolerances to the minute) so
// that slightly different settings are one.
import type { MonitoringOptions, MonitoringReport } from '../../shared/organizer';
import { reportFrom, type MonitoringBasis } from './monitoring/monitoring-report';
import { monitoringBasisFor } from './monitoring-service';
import type { OrganizerContext } from './organizer-context';

const MINUTE_S = 60;

/** Options as reports are computed for: tolerances to the minute (silence at least one). */
export function roundedMonitoringOptions(options: MonitoringOptions): MonitoringOptions {
  return {
    overdueToleranceSeconds: Math.round(options.overdueToleranceSeconds / MINUTE_S) * MINUTE_S,
    silenceSeconds: Math.max(MINUTE_S, Math.round(options.silenceSeconds / MINUTE_S) * MINUTE_S),
    silentMinRunners: options.silentMinRunners,
  };
}

export class MonitoringFeed {
  /** Bases computed since the start: one per watched event and interval, however many watch. */
  computations = 0;
  private latest = new Map<string, MonitoringBasis>();

  constructor(
    private ctx: OrganizerContext,
    /** A basis younger than this serves a new subscriber too. */
    private maxAgeMs: number,
  ) {}

  /** A report for a new subscriber: from the event's latest basis while it is recent enough. */
  report(eventId: string, options: MonitoringOptions): MonitoringReport {
    const recent = this.latest.get(eventId);
    const basis = recent && this.ctx.now() - recent.now < this.maxAgeMs ? recent : this.compute(eventId);
    return reportFrom(basis, roundedMonitoringOptions(options));
  }

  /**
   * One round of reports (one interval): each event's basis computed afresh once, each distinct
   * set of rounded options once; the answer is shared by every socket that asks for the same.
   */
  round(): (eventId: string, options: MonitoringOptions) => { key: string; report: MonitoringReport } {
    const bases = new Map<string, MonitoringBasis>();
    const reports = new Map<string, MonitoringReport>();
    return (eventId, options) => {
      const rounded = roundedMonitoringOptions(options);
      const key = JSON.stringify([eventId, rounded.overdueToleranceSeconds, rounded.silenceSeconds, rounded.silentMinRunners]);
      let report = reports.get(key);
      if (!report) {
        let basis = bases.get(eventId);
        if (!basis) bases.set(eventId, (basis = this.compute(eventId)));
        reports.set(key, (report = reportFrom(basis, rounded)));
      }
      return { key, report };
    };
  }

  /** Forget events no longer watched. */
  keepOnly(eventIds: ReadonlySet<string>): void {
    for (const eventId of this.latest.keys()) if (!eventIds.has(eventId)) this.latest.delete(eventId);
  }

  private compute(eventId: string): MonitoringBasis {
    const basis = monitoringBasisFor(this.ctx, eventId);
    this.computations++;
    this.latest.set(eventId, basis);
    return basis;
  }
}
