import { createReadStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/**
 * Adds the ids of the records of an NDJSON log to `seen`, as they are read. Lines that are empty,
 * torn or without a string `id` are skipped.
 * @example
 * await readLogIds('./events/events.ndjson', seen)
 */
export async function readLogIds(file: string, seen: Set<string>): Promise<void> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    const id = idOf(line);
    if (id !== undefined) seen.add(id);
  }
}

/**
 * Whether an NDJSON log ends without a newline (a torn last line), so that the next write must
 * start a fresh one. Creates the directory and an empty log if missing.
 * @example
 * needsNewline = await logNeedsNewline('./events', './events/events.ndjson')
 */
export async function logNeedsNewline(dir: string, file: string): Promise<boolean> {
  await mkdir(dir, { recursive: true });
  const existing = await open(file, 'a+');
  const { size } = await existing.stat();
  let torn = false;
  if (size > 0) {
    const last = Buffer.alloc(1);
    await existing.read(last, 0, 1, size - 1);
    torn = last[0] !== 0x0a;
  }
  await existing.close();
  return torn;
}

function idOf(line: string): string | undefined {
  if (line.trim() === '') return undefined;
  try {
    const record: unknown = JSON.parse(line);
    if (typeof record === 'object' && record !== null && 'id' in record && typeof record.id === 'string') {
      return record.id;
    }
  } catch {
    // A torn line from a crash mid-write: its event was never acknowledged, so the client resends it.
  }
  return undefined;
}
