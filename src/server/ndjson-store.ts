import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { WireContext, WireEvent } from './wire-schema';
import { logNeedsNewline, readLogIds } from './read-log-ids';
import { oneAtATime } from './one-at-a-time';

/** One stored event: the wire event with its effective context, plus what the collector adds. */
export interface StoredRecord extends Omit<WireEvent, 'context'> {
  /** Effective context: the batch context shallow-merged with the event's own context. */
  context: WireContext;
  /** When the collector received the batch, in ms since epoch. */
  receivedAt: number;
  /** Events the client dropped before this batch; set on the first stored event of a batch only. */
  clientDropped?: number;
}

/** Where a collector keeps accepted events. Writes must be durable when `append` resolves. */
export interface EventStore {
  /** Reads what is already stored so that {@link EventStore.hasSeen} knows its ids. */
  load(): Promise<void>;
  /** Whether an event with this id is stored (only meaningful after `load`). */
  hasSeen(id: string): boolean;
  /** Stores records; resolves once they are durable and their ids are seen, rejects if not stored. */
  append(records: readonly StoredRecord[]): Promise<void>;
  /** Waits for pending writes and releases files. */
  close(): Promise<void>;
}

/** Options of {@link createNdjsonStore}. */
export interface NdjsonStoreOptions {
  /** Directory holding `events.ndjson`; created if missing. */
  dir: string;
}

/** An {@link EventStore} that also tells where its log lives. */
export interface NdjsonStore extends EventStore {
  /** Absolute or relative path of the log file, `<dir>/events.ndjson`. */
  readonly file: string;
}

/**
 * A durable store: an append-only NDJSON log, one record per line, each write flushed to disk
 * (`datasync`) before `append` resolves. Writes run one at a time. `load()` rebuilds the seen ids
 * from the log, so dedupe survives restarts; a torn last line (crash mid-write) is skipped.
 * @example
 * const store = createNdjsonStore({ dir: './events' })
 * await store.load()
 */
export function createNdjsonStore(options: NdjsonStoreOptions): NdjsonStore {
  const file = join(options.dir, 'events.ndjson');
  const seen = new Set<string>();
  const tasks = oneAtATime();
  let handle: FileHandle | undefined;
  // True when the log may end without a newline (torn line or failed write): start the next write
  // on a fresh line so that it never glues onto a broken one. An empty line is skipped on load.
  let needsNewline = false;
  let closed = false;

  async function load(): Promise<void> {
    needsNewline = await logNeedsNewline(options.dir, file);
    await readLogIds(file, seen);
  }

  async function write(records: readonly StoredRecord[]): Promise<void> {
    if (closed) throw new Error('store is closed');
    if (records.length === 0) return;
    const text = (needsNewline ? '\n' : '') + records.map((r) => JSON.stringify(r)).join('\n') + '\n';
    try {
      handle ??= await open(file, 'a');
      const bytes = Buffer.from(text, 'utf8');
      // write() may take fewer bytes than offered; loop until the whole text is in the file.
      for (let offset = 0; offset < bytes.length; ) {
        offset += (await handle.write(bytes, offset)).bytesWritten;
      }
      await handle.datasync();
      needsNewline = false;
    } catch (error) {
      needsNewline = true;
      const broken = handle;
      handle = undefined;
      await broken?.close().catch(() => undefined);
      throw error;
    }
    for (const record of records) seen.add(record.id);
  }

  return {
    file,
    load: () => tasks.run(load),
    hasSeen: (id) => seen.has(id),
    append: (records) => tasks.run(() => write(records)),
    close: () =>
      tasks.run(async () => {
        closed = true;
        const current = handle;
        handle = undefined;
        await current?.close();
      }),
  };
}

/** An in-memory {@link EventStore} whose records can be read back; nothing survives the process. */
export interface MemoryStore extends EventStore {
  /** Every record appended so far, in order. */
  readonly records: readonly StoredRecord[];
}

/**
 * An in-memory store for tests and experiments, with the same interface as the NDJSON store.
 * @example
 * const store = createMemoryStore()
 * const collector = createCollector({ store })
 */
export function createMemoryStore(): MemoryStore {
  const records: StoredRecord[] = [];
  const seen = new Set<string>();
  return {
    records,
    load: async () => undefined,
    hasSeen: (id) => seen.has(id),
    append: async (batch) => {
      for (const record of batch) {
        records.push(record);
        seen.add(record.id);
      }
    },
    close: async () => undefined,
  };
}
