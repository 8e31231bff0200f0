// Request bodies, parsed only on the routes that take them and after their authentication, so an
// anonymous flood of large or deeply nested bodies costs a read of the socket and nothing more.
// Nesting is checked on the raw bytes before JSON.parse builds anything.
import express, { type RequestHandler } from 'express';

/** 5,000 reads of about 120 bytes each fit with room to spare. */
export const BODY_LIMIT = '2mb';

/** No request of ours nests deeper than a handful of levels; this leaves generous room. */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether JSON text nests objects and arrays deeper than `max` (strings are skipped). */
export function nestsDeeperThan(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--;
  }
  return false;
}

export class TooDeepError extends Error {
  readonly type = 'entity.too.deep';
  constructor(readonly maxDepth: number) {
    super(`request body nests deeper than ${maxDepth} levels`);
  }
}

/** JSON bodies up to `limit`, refused before parsing when they nest too deep. */
export function jsonBody(limit: string = BODY_LIMIT): RequestHandler {
  return express.json({
    limit,
    type: ['application/json', 'application/*+json'],
    verify: (_req, _res, buf) => {
      if (nestsDeeperThan(buf, MAX_JSON_DEPTH)) throw new TooDeepError(MAX_JSON_DEPTH);
    },
  });
}
