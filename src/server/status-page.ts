import type { IncomingMessage } from 'node:http';
import { originAllowed } from './cors';
import type { Answer } from './send-answer';

/** What {@link statusPage} needs to know of the collector's settings. */
export interface StatusPageSettings {
  /** Path that accepts batches (`POST /` is accepted too). */
  path: string;
  /** Origins allowed to post. */
  allowedOrigins: '*' | readonly string[];
}

/**
 * The answer to a request that carries no batch to accept: 404 off the collector's paths, 204 to a
 * preflight, 403 to an origin not allowed, 404 or 405 to another method than POST. Undefined for a
 * POST that should be read as a batch.
 */
export function statusPage(req: IncomingMessage, settings: StatusPageSettings): Answer | undefined {
  const path = pathOf(req.url);
  const onCollectPath = path === settings.path;
  if (!onCollectPath && path !== '/') return { status: 404, body: { error: 'not found' } };
  if (req.method === 'OPTIONS') return { status: 204 };
  if (!originAllowed(req.headers.origin, settings.allowedOrigins)) {
    // A simple cross-origin POST reaches the server even when CORS hides the answer: refuse it.
    return { status: 403, body: { error: `origin ${req.headers.origin ?? ''} not allowed` } };
  }
  if (req.method === 'POST') return undefined;
  if (!onCollectPath) return { status: 404, body: { error: 'not found' } };
  return {
    status: 405,
    body: { error: `method ${req.method ?? ''} not allowed` },
    headers: { Allow: 'POST, OPTIONS' },
  };
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}
