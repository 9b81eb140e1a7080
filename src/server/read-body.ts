import type { IncomingMessage } from 'node:http';

/** What {@link readBody} found: the whole body, or that it passed the limit. */
export type BodyResult = { tooLarge: false; body: Buffer } | { tooLarge: true };

/**
 * Reads a request body, stopping as soon as it passes `limit` bytes (checked against the declared
 * `Content-Length` first, then while reading). Rejects if the client aborts or the stream errors.
 * Past the limit nothing more is kept in memory: the rest is read and discarded, so that the
 * client sees the 413 instead of a reset connection.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      discard(req);
      resolve({ tooLarge: true });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        chunks.length = 0;
        discard(req);
        resolve({ tooLarge: true });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve({ tooLarge: false, body: Buffer.concat(chunks, size) });
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onAborted = (): void => onError(new Error('request aborted'));
    function cleanup(): void {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

function discard(req: IncomingMessage): void {
  req.on('error', () => undefined);
  req.resume();
}
