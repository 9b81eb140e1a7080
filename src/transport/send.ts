import { parseRetryAfter } from './retry-timing';

/** Bodies sent with `keepalive` or `sendBeacon` must stay under 64 KiB (Fetch spec, in-flight quota). */
export const KEEPALIVE_LIMIT = 65_536;
/** A request without an answer after this long counts as a network error and is retried. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** What came back from a request: the status (0 for a network error) and any `Retry-After`. */
export interface SendResult {
  /** HTTP status of the answer; 0 for a network error or a timeout. */
  status: number;
  /** The answer's `Retry-After`, in milliseconds from now. */
  retryAfterMs?: number;
}

/**
 * How batch bodies leave the page. The default ({@link httpTransport}) uses `fetch` with
 * `keepalive` and `sendBeacon`; `cairn/testing` passes one that keeps batches in memory.
 * @example
 * const transport: Transport = { post: async (body) => ({ status: 204 }), beacon: () => true }
 */
export interface Transport {
  /** Sends a body of `bytes` UTF-8 bytes; resolves with the answer, never rejects. */
  post(body: string, bytes: number): Promise<SendResult>;
  /** Sends a body as the page goes away; `false` when it could not be queued. */
  beacon(body: string): boolean;
  /**
   * Which of these event ids the collector holds already (the acknowledgement query of
   * docs/wire-format.md), asked before sending again events whose fate is unknown; `undefined`
   * when it cannot say, and they are sent again (at-least-once). Optional.
   */
  ask?(ids: string[]): Promise<string[] | undefined>;
}

/** The default {@link Transport}: {@link postBatch}, {@link beaconBatch} and the acknowledgement query to `url`. */
export function httpTransport(win: Window & typeof globalThis, url: string): Transport {
  // A collector that does not answer the query (a 4xx) is not asked again on this page.
  let answers = true;
  return {
    post: async (body, bytes) => {
      const response = await request(win, url, body, bytes);
      // Chromium counts an unread keepalive answer against the 64 KiB in-flight quota: after a few
      // batches in a row, new keepalive requests would fail. The body says nothing cairn needs.
      response?.body?.cancel().catch(() => {});
      return response ? { status: response.status, retryAfterMs: parseRetryAfter(response.headers.get('Retry-After'), Date.now()) } : { status: 0 };
    },
    beacon: (body) => beaconBatch(win, url, body),
    async ask(ids) {
      if (!answers) return undefined;
      const body = JSON.stringify({ v: 1, ack: ids });
      const response = await request(win, url, body, body.length);
      answers = !(response && response.status >= 400 && response.status < 500);
      try {
        const held = response?.ok ? ((await response.json()) as { held?: unknown }).held : undefined;
        return Array.isArray(held) ? held.filter((id): id is string => typeof id === 'string') : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** POSTs a batch body with {@link httpTransport}'s `post`: `{ status }` of the answer, 0 for a network error. */
export const postBatch = (win: Window & typeof globalThis, url: string, body: string, bytes: number): Promise<SendResult> => httpTransport(win, url).post(body, bytes);

/**
 * POSTs a body as `text/plain`, a CORS-safelisted type, so no preflight is needed (the collector
 * parses it as JSON). Uses `keepalive` when the body fits, so the request outlives the page. The
 * answer, or `undefined` for a network error or no answer within 30 s.
 */
async function request(win: Window & typeof globalThis, url: string, body: string, bytes: number): Promise<Response | undefined> {
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
  const timer = win.setTimeout(() => controller?.abort(), REQUEST_TIMEOUT_MS);
  try {
    return await win.fetch(url, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      keepalive: bytes < KEEPALIVE_LIMIT,
      credentials: 'omit',
      mode: 'cors',
      signal: controller?.signal,
    });
  } catch {
    return undefined;
  } finally {
    win.clearTimeout(timer);
  }
}

/** Queues a body with `navigator.sendBeacon`; `false` when the browser refuses it (size, quota, absent). */
export function beaconBatch(win: Window, url: string, body: string): boolean {
  try {
    const nav = win.navigator;
    if (typeof nav.sendBeacon !== 'function') return false;
    // A string body is sent as text/plain;charset=UTF-8: no preflight.
    return nav.sendBeacon(url, body);
  } catch {
    return false;
  }
}
