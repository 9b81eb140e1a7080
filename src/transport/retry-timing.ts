/** First retry waits up to this long; each further attempt doubles the ceiling. */
export const BASE_RETRY_DELAY_MS = 1000;
/** Shortest wait, so that an unlucky draw of full jitter never retries at once. */
export const MIN_RETRY_DELAY_MS = 250;
/** A `Retry-After` longer than this is treated as this (an hour), so events are not parked for days. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * Delay before retry number `attempt` (1 for the first retry): exponential backoff with full jitter
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/), at least
 * {@link MIN_RETRY_DELAY_MS}, at most `cap`. A server's `Retry-After` wins when it asks for longer.
 */
export function retryDelay(attempt: number, cap: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const ceiling = Math.min(cap, BASE_RETRY_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  // The floor never lifts the delay above `cap` (a cap under 250 ms is honoured).
  const jittered = Math.max(Math.min(MIN_RETRY_DELAY_MS, ceiling), Math.floor(random() * ceiling));
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/** Reads `Retry-After` (seconds or an HTTP date) as milliseconds from now; `undefined` if absent or invalid. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** What to do after an answer. Rules of DESIGN §5. */
export type Verdict = 'done' | 'retry' | 'split' | 'drop';

/** Classifies an HTTP status (0 for a network error or timeout). */
export function verdictFor(status: number): Verdict {
  if (status >= 200 && status < 300) return 'done';
  if (status === 413) return 'split';
  if (status === 0 || status === 408 || status === 429 || status >= 500) return 'retry';
  return 'drop';
}
