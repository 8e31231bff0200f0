// The device's side of the read API: POST a batch of reads and read the answer, sent again while the
// failure is one that passes (the network, a timeout, 429, a 5xx). A re-sent read is a duplicate,
// never stored twice. The simulator, the replay driver, rehearsals and the benchmarks all post here.

export interface ReadTarget {
  /** The server's origin. */
  url: string;
  eventId: string;
  /** A device token of the event. */
  token: string;
}

export interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: { index: number; message: string }[];
}

export class ReadPostError extends Error {
  constructor(
    message: string,
    /** The answer's status; null when none came (network, timeout). */
    readonly status: number | null,
  ) {
    super(message);
  }

  /** A failure that may pass if the same batch is sent again later. */
  get passing(): boolean {
    return this.status === null || this.status === 429 || this.status >= 500;
  }
}

export interface PostPolicy {
  /** Tries in all, the first included (1: no retry). */
  attempts?: number;
  /** The pause before try `attempt + 1`. */
  pauseMs?: (attempt: number) => number;
  timeoutMs?: number;
  /** Told of each failure that will be tried again. */
  onRetry?: (failure: ReadPostError) => void;
}

/** Doubling from 200 ms up to 5 s. */
export const backoff = (attempt: number) => Math.min(100 * 2 ** attempt, 5_000);

/** The answer to the batch (200, or 422 when every read was refused); throws a ReadPostError otherwise. */
export async function postReads(target: ReadTarget, reads: readonly unknown[], policy: PostPolicy = {}): Promise<IngestAnswer> {
  const attempts = policy.attempts ?? 1;
  const body = JSON.stringify({ reads });
  for (let attempt = 1; ; attempt++) {
    let failure: ReadPostError;
    try {
      return await postOnce(target, body, policy.timeoutMs ?? 60_000);
    } catch (err) {
      failure = err instanceof ReadPostError ? err : new ReadPostError(`ingest unreachable: ${(err as Error).message}`, null);
    }
    if (!failure.passing) throw failure;
    if (attempt >= attempts) throw attempts > 1 ? new ReadPostError(`giving up after ${attempt} attempts: ${failure.message}`, failure.status) : failure;
    policy.onRetry?.(failure);
    await new Promise((r) => setTimeout(r, (policy.pauseMs ?? backoff)(attempt)));
  }
}

async function postOnce(target: ReadTarget, body: string, timeoutMs: number): Promise<IngestAnswer> {
  const res = await fetch(new URL(`/api/events/${encodeURIComponent(target.eventId)}/reads`, target.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const answer = (await res.json().catch(() => ({}))) as Partial<IngestAnswer> & { error?: string };
  if (res.status !== 200 && res.status !== 422) throw new ReadPostError(`ingest answered ${res.status}: ${answer.error ?? ''}`, res.status);
  return { accepted: answer.accepted ?? 0, duplicates: answer.duplicates ?? 0, rejected: answer.rejected ?? [] };
}
