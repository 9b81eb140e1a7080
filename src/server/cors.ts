import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Sets the CORS headers every collector answer carries. With a list of origins, a listed request
 * `Origin` is echoed back (an unlisted one gets no `Access-Control-Allow-Origin`, so the browser
 * blocks it) and `Vary: Origin` tells caches that the answer depends on it.
 */
export function setCorsHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  allowedOrigins: '*' | readonly string[],
): void {
  if (allowedOrigins === '*') {
    res.setHeader('Access-Control-Allow-Origin', '*');
  } else {
    res.setHeader('Vary', 'Origin');
    const origin = req.headers.origin;
    if (origin !== undefined && allowedOrigins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
    }
  }
  res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
  res.setHeader('Access-Control-Max-Age', '86400');
  // Without this a cross-origin page cannot read Retry-After, and could not honour it.
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
}

/** Whether a request may post: always with `'*'` or without an `Origin` header, else if listed. */
export function originAllowed(origin: string | undefined, allowedOrigins: '*' | readonly string[]): boolean {
  return allowedOrigins === '*' || origin === undefined || allowedOrigins.includes(origin);
}
