// The organizers' REST contract: what the console sends (inferred from the schemas the server
// validates with) and what the server answers. Used as-is by the server's handlers and the console.
import type { z } from 'zod';
import type { Entrant, EventSetup, Race } from './domain';
import type {
  assignChipSchema,
  entrantImportSchema,
  gunSchema,
  manualSplitSchema,
  undoSchema,
  moveRunnerSchema,
  privacySchema,
  newEventSchema,
  reviewSchema,
  statusChangeSchema,
  timingPointInputSchema,
  loopUpdateSchema,
  AuditEntry,
  MonitoringReport,
  RunnerRead,
} from './organizer';
import type { RunnerDetail } from './views';

export type OrganizerRole = 'admin' | 'organizer';

export interface Organizer {
  id: string;
  email: string;
  role: OrganizerRole;
  /** Events an organizer may manage; null for an admin (all). */
  eventIds: string[] | null;
  createdAt: number;
}

/** A device token as organizers see it (the token itself is shown once, when created). */
export interface DeviceInfo {
  id: string;
  eventId: string;
  name: string;
  createdAt: number;
  revokedAt: number | null;
  lastSeenAt: number | null;
}

/** A Race Result decoder Splitcast reads as its client. */
export interface DecoderLinkState {
  address: { host: string; port: number };
  connected: boolean;
  lastPassingAt: number | null;
  lastError: { message: string; at: number } | null;
}

/** A timing device's set-up as the console sees it, with its decoder link when it has one. */
export interface TimingDeviceView {
  id: string;
  name: string;
  lastSeenAt: number | null;
  locations: Record<string, string>;
  clockOffsetMs: number;
  connect: { host: string; port: number } | null;
  link: DecoderLinkState | null;
}

export interface EventSummary {
  id: string;
  name: string;
  date: string;
  races: { id: string; name: string }[];
  entrants: number;
  /** A rehearsal event, played again from results or another event before race day. */
  rehearsal: boolean;
}

export interface LineProblem {
  /** Line in the file (the header is line 1). */
  line: number;
  field?: string;
  message: string;
}

export interface EntrantPreview {
  headers: string[];
  /** Which CSV column (by header) holds each entrant field. */
  mapping: Record<string, string>;
  fields: readonly string[];
  rows: number;
  valid: number;
  problems: LineProblem[];
  /** Noted by line, the entrant kept (an unknown country): they do not stop the import. */
  warnings: LineProblem[];
  sample: Entrant[];
  /** What importing the file would do to the event's entrant list, counted by the server. */
  changes: EntrantChanges;
}

/** An entrant list before and after a change, counted: what a confirmation says. */
export interface EntrantChanges {
  added: number;
  updated: number;
  removed: number;
  /** Of the removed, those with reads (a result, or a split on the way). */
  removedWithResults: number;
  /** Entrants in the event after the change. */
  total: number;
}

/** What undoing an audited change would do, before it is done. */
export type UndoPreview =
  | { auditId: number; action: string; kind: 'entrants'; changes: EntrantChanges }
  | { auditId: number; action: string; kind: 'gun'; raceId: string; waveId: string | null; from: number | null; to: number | null };

/** Reads of a chip or bib that belongs to no entrant. */
export interface UnmatchedChip {
  kind: 'chip' | 'bib';
  value: string;
  reads: number;
  points: string[];
  first: number;
  last: number;
}

export type NewEventRequest = z.input<typeof newEventSchema>;
export type TimingPointRequest = z.input<typeof timingPointInputSchema>;
export type LoopRequest = z.input<typeof loopUpdateSchema>;
export type EntrantImportRequest = z.input<typeof entrantImportSchema>;
export type GunRequest = z.input<typeof gunSchema>;
export type StatusChangeRequest = z.input<typeof statusChangeSchema>;
export type PrivacyRequest = z.input<typeof privacySchema>;
export type MoveRunnerRequest = z.input<typeof moveRunnerSchema>;
export type ManualSplitRequest = z.input<typeof manualSplitSchema>;
export type ReviewRequest = z.input<typeof reviewSchema>;
export type AssignChipRequest = z.input<typeof assignChipSchema>;
export type UndoRequest = z.input<typeof undoSchema>;

/** Answers, by route. */
/** GET /api/organizer/cluster: the cluster as the instance that leads sees it (docs/cluster.md). */
export interface ClusterStatus {
  /** False for a lone primary: no lease, no standby, no replicas it knows of. */
  clustered: boolean;
  term: number;
  /** The newest read of the leader's log. */
  seq: number;
  /** The standby's copy: how far it is on disk, how many reads behind, whether writes wait for it (or it was left behind). */
  standby: { confirmedSeq: number; lagReads: number; lastAskAt: number | null; synchronous: boolean; leftBehind: boolean } | null;
  /** Replicas that announced themselves in the last few seconds. */
  replicas: { url: string }[];
}

export interface OrganizerAnswers {
  me: { organizer: Organizer };
  cluster: ClusterStatus;
  events: { events: EventSummary[] };
  createEvent: { event: EventSetup };
  setup: EventSetup;
  race: { race: Race };
  entrantPreview: EntrantPreview;
  entrantImport: { imported: number; total: number; warnings: LineProblem[] };
  /** A gun fired or corrected (or, with dryRun, what would be): the gun time before and after. */
  gun: { raceId: string; waveId: string | null; gunTime: number; before: number | null; dryRun: boolean };
  undoPreview: UndoPreview;
  /** What removing a mat would change, before it is removed. */
  timingPointRemoval: { raceId: string; pointId: string; name: string; runnersWithSplit: number };
  undo: { undone: number; entry: number };
  entrant: { entrant: Entrant };
  runner: { entrant: Entrant; runner: RunnerDetail; reads: RunnerRead[] };
  unmatched: { unmatched: UnmatchedChip[] };
  audit: { entries: AuditEntry[] };
  devices: { devices: DeviceInfo[] };
  createdDevice: { device: DeviceInfo; token: string };
  monitoring: MonitoringReport;
  timingDevices: { devices: TimingDeviceView[] };
}
