/** One problem found in a config, an event or a request, with the path where it was found. */
export interface Issue {
  /** Dotted path of the problem, e.g. `goals.purchase.kind`. Empty for the root. */
  path: string;
  /** What is wrong, e.g. `expected "micro" | "macro"`. */
  message: string;
}

const BRAND = 'cairn.error';

/**
 * Base class of every error cairn creates. Messages carry no `[cairn]` prefix: the console output
 * adds it, and an `error` hook gets the plain text. Errors never reach the host page from
 * `track()`; they are passed to the `onError` hook and `tracker.on('error')` listeners.
 * @example
 * tracker.on('error', (error) => { if (error.code === 'validation') report(error.issues) })
 */
export class CairnError extends Error {
  /** Which family the error belongs to. */
  readonly code: 'config' | 'validation' | 'transport' | 'consent';
  /** Every problem found, each with its path. */
  readonly issues: Issue[];
  /** Brand read by {@link isCairnError}, so the check works across realms and bundle copies. */
  readonly [BRAND] = true;

  constructor(code: CairnError['code'], message: string, issues: Issue[] = []) {
    super(message);
    this.name = 'CairnError';
    this.code = code;
    this.issues = issues;
  }
}

/**
 * An invalid config. `createTracker()` throws it at init, listing every problem with its path.
 * @example
 * try { createTracker(config) } catch (error) { if (error instanceof ConfigError) console.log(error.issues) }
 */
export class ConfigError extends CairnError {
  constructor(issues: Issue[]) {
    super('config', `Invalid config:\n${formatIssues(issues)}`, issues);
    this.name = 'ConfigError';
  }
}

/** An event rejected before it was queued: unknown goal, invalid or hostile props. */
export class ValidationError extends CairnError {
  /** The goal id the rejected event was tracked with. */
  readonly goal: string;
  constructor(goal: string, issues: Issue[]) {
    super('validation', `Event "${goal}" rejected:\n${formatIssues(issues)}`, issues);
    this.name = 'ValidationError';
    this.goal = goal;
  }
}

/** A batch the collector refused for good (a 4xx other than 408, 413 and 429), or dropped events. */
export class TransportError extends CairnError {
  /** HTTP status of the answer, or 0 when the events were dropped without a request. */
  readonly status: number;
  /** Ids of the events lost with this error. */
  readonly eventIds: string[];
  constructor(message: string, status: number, eventIds: string[]) {
    super('transport', message, []);
    this.name = 'TransportError';
    this.status = status;
    this.eventIds = eventIds;
  }
}

/**
 * Whether a value is an error made by cairn, even one from another window or another copy of the
 * library (where `instanceof` fails).
 * @example
 * tracker.on('error', (error) => isCairnError(error) && console.warn(error.issues))
 */
export function isCairnError(value: unknown): value is CairnError {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[BRAND] === true;
}

/** `path: message` lines, one per issue, in the style of zod's `prettifyError`. */
export function formatIssues(issues: Issue[]): string {
  return issues.map((issue) => `  ${issue.path ? `${issue.path}: ` : ''}${issue.message}`).join('\n');
}
