// Makes the timeline of an event loaded under way, off the primary's event loop: at marathon-majors
// scale a stage per read for a million reads takes tens of seconds, which the loop serving ingest
// and spectators cannot give.
import { parentPort, workerData } from 'node:worker_threads';
import type { EventSetup } from '../../shared/domain';
import { Timeline } from '../../shared/engine/time-travel';
import { transferablesOf, unpackReads, type PackedReads } from './packed-reads';

const { setup, packed } = workerData as { setup: EventSetup; packed: PackedReads };
const data = Timeline.resume(setup, unpackReads(setup, packed)).data;
parentPort!.postMessage(data, transferablesOf(data));
