import { describe, expect, it } from 'vitest';
import {
  BASE_RETRY_DELAY_MS,
  MAX_RETRY_AFTER_MS,
  MIN_RETRY_DELAY_MS,
  parseRetryAfter,
  retryDelay,
  verdictFor,
  type Verdict,
} from '../../src/transport/retry-timing';
import { seeded } from '../support/seeded-random';


const CAP = 60_000;

describe('retryDelay', () => {
  it('doubles the ceiling with each attempt, from 1 s', () => {
    const half = () => 0.5;
    expect([1, 2, 3, 4, 5, 6].map((attempt) => retryDelay(attempt, CAP, undefined, half))).toEqual([500, 1000, 2000, 4000, 8000, 16000]);
  });

  it('draws within [250 ms, ceiling) for every attempt with a seeded random', () => {
    const random = seeded(42);
    const delays = Array.from({ length: 12 }, (_, i) => retryDelay(i + 1, CAP, undefined, random));
    delays.forEach((delay, i) => {
      const ceiling = Math.min(CAP, BASE_RETRY_DELAY_MS * 2 ** i);
      expect(delay).toBeGreaterThanOrEqual(MIN_RETRY_DELAY_MS);
      expect(delay).toBeLessThan(ceiling);
    });
    // Full jitter: the draws are spread, not all at the ceiling.
    expect(new Set(delays).size).toBeGreaterThan(6);
  });

  it('gives the same schedule for the same seed', () => {
    const schedule = (seed: number) => {
      const random = seeded(seed);
      return Array.from({ length: 8 }, (_, i) => retryDelay(i + 1, CAP, undefined, random));
    };
    expect(schedule(7)).toEqual(schedule(7));
    expect(schedule(7)).not.toEqual(schedule(8));
  });

  it('never retries sooner than 250 ms, even on a draw of 0', () => {
    expect(retryDelay(1, CAP, undefined, () => 0)).toBe(MIN_RETRY_DELAY_MS);
    expect(retryDelay(5, CAP, undefined, () => 0)).toBe(MIN_RETRY_DELAY_MS);
  });

  it('never waits longer than the cap, however many attempts', () => {
    const almostOne = () => 0.999_999;
    expect(retryDelay(7, CAP, undefined, almostOne)).toBe(59_999);
    expect(retryDelay(50, CAP, undefined, almostOne)).toBe(59_999);
    expect(retryDelay(5000, CAP, undefined, almostOne)).toBe(59_999);
    expect(retryDelay(3, 1_500, undefined, almostOne)).toBe(1_499);
  });

  it('honours a cap below the 250 ms floor', () => {
    expect(retryDelay(1, 100, undefined, () => 0)).toBeLessThanOrEqual(100);
    expect(retryDelay(4, 100, undefined, () => 0.999)).toBeLessThanOrEqual(100);
  });

  it('waits as long as Retry-After asks when it is longer than the backoff, even past the cap', () => {
    expect(retryDelay(1, CAP, 5_000, () => 0.5)).toBe(5_000);
    expect(retryDelay(1, CAP, 120_000, () => 0.5)).toBe(120_000);
  });

  it('keeps the backoff when Retry-After asks for less', () => {
    expect(retryDelay(4, CAP, 0, () => 0.5)).toBe(4_000);
    expect(retryDelay(4, CAP, 1_000, () => 0.5)).toBe(4_000);
  });

  it('treats a Retry-After longer than an hour as an hour', () => {
    expect(retryDelay(1, CAP, 7 * 24 * 3_600_000, () => 0.5)).toBe(MAX_RETRY_AFTER_MS);
    expect(MAX_RETRY_AFTER_MS).toBe(3_600_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2025, 5, 1, 12, 0, 0);

  it('reads delay-seconds as milliseconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 5 ', now)).toBe(5_000);
  });

  it('reads an HTTP date as the time left until it', () => {
    expect(parseRetryAfter('Sun, 01 Jun 2025 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter(new Date(now + 90_000).toUTCString(), now)).toBe(90_000);
  });

  it('reads an HTTP date in the past as no wait', () => {
    expect(parseRetryAfter('Sun, 01 Jun 2025 11:59:00 GMT', now)).toBe(0);
  });

  it.each([
    ['absent', null],
    ['undefined', undefined],
    ['empty', ''],
    ['a word', 'soon'],
    ['a duration with a unit', '3 minutes'],
    ['digits then letters', '12abc'],
  ])('ignores a header that is %s', (_name, value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('verdictFor', () => {
  // The status rules of DESIGN §5, one numbered case per status.
  const table: [number, number, Verdict][] = [
    [1, 200, 'done'],
    [2, 202, 'done'],
    [3, 204, 'done'],
    [4, 0, 'retry'], // network error or timeout
    [5, 408, 'retry'],
    [6, 429, 'retry'],
    [7, 500, 'retry'],
    [8, 502, 'retry'],
    [9, 503, 'retry'],
    [10, 504, 'retry'],
    [11, 413, 'split'],
    [12, 400, 'drop'],
    [13, 401, 'drop'],
    [14, 403, 'drop'],
    [15, 404, 'drop'],
    [16, 405, 'drop'],
    [17, 422, 'drop'],
    [18, 301, 'drop'], // a redirect fetch did not follow is not an acceptance
  ];

  it.each(table)('case %i: status %i → %s', (_case, status, verdict) => {
    expect(verdictFor(status)).toBe(verdict);
  });
});
