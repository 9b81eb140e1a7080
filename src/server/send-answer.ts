import type { ServerResponse } from 'node:http';

/** A collector answer before it is written: status, JSON body and extra headers. */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Writes an answer as JSON (`Content-Length` always set, `Content-Type` only with a body). Does
 * nothing when the response has already started or its socket is gone.
 */
export function sendAnswer(res: ServerResponse, answer: Answer): void {
  if (res.headersSent || res.destroyed) return;
  const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  if (text) res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** The message of a thrown value, for the `error` text of an answer. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
