import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, isAbsolute, join, relative } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.pdf': 'application/pdf',
};

/**
 * Serves a GET or HEAD request from `root` (an absolute, real path): no directory listing (a
 * directory serves its `index.html` or 404), no path leaving `root` (`..`, encoded or not, and
 * symlinks pointing out: 403), no dotfiles (404). Single byte ranges are honoured, which video
 * seeking needs. Never rejects.
 * @example
 * http.createServer((req, res) => void serveStatic('/abs/site', req, res))
 */
export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    await serve(root, req, res);
  } catch {
    // A file that vanished between checks, or a read error: never an unhandled rejection.
    if (res.headersSent) res.destroy();
    else plain(res, 500, 'internal error');
  }
}

async function serve(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let path: string;
  try {
    path = decodeURIComponent((req.url ?? '/').split(/[?#]/, 1)[0] ?? '/');
  } catch {
    return plain(res, 400, 'bad request');
  }
  if (path.includes('\0')) return plain(res, 400, 'bad request');
  let file = join(root, path);
  if (!inside(root, file)) return plain(res, 403, 'forbidden');
  if (relative(root, file).split(/[\\/]/).some((part) => part.startsWith('.'))) {
    return plain(res, 404, 'not found');
  }
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    file = await realpath(file);
  } catch {
    return plain(res, 404, 'not found');
  }
  if (!inside(root, file)) return plain(res, 403, 'forbidden');
  const info = await stat(file);
  if (!info.isFile()) return plain(res, 404, 'not found');
  sendFile(file, info.size, req, res);
}

function sendFile(file: string, size: number, req: IncomingMessage, res: ServerResponse): void {
  let start = 0;
  let end = size - 1;
  res.setHeader('Content-Type', CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Cache-Control', 'no-cache');
  const range = req.headers.range;
  if (range !== undefined) {
    const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    const from = match?.[1] ? Number(match[1]) : undefined;
    const to = match?.[2] ? Number(match[2]) : undefined;
    if (from === undefined && to !== undefined) start = Math.max(0, size - to); // suffix: last N bytes
    else if (from !== undefined) [start, end] = [from, Math.min(to ?? end, size - 1)];
    if (!match || (from === undefined && to === undefined) || start > end || start >= size) {
      res.setHeader('Content-Range', `bytes */${size}`);
      return plain(res, 416, 'range not satisfiable');
    }
    res.statusCode = 206;
    res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
  }
  res.setHeader('Content-Length', size === 0 ? 0 : end - start + 1);
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  const stream = createReadStream(file, { start, end });
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
