import type { StoredRecord } from './ndjson-store';
import type { RejectedInfo } from './collector';

/**
 * The terminal line of a received event: time, kind, goal, value, props (cut at 200 characters),
 * and, when the context module gave them, the session's channel and the funnel step.
 * @example
 * eventLine(record, false) // '14:03:07.120 macro purchase 49.9 EUR {"sku":"a1"} [Email] checkout 4/4'
 */
export function eventLine(record: StoredRecord, duplicate: boolean): string {
  const props = JSON.stringify(record.props);
  const shown = props.length > 200 ? `${props.slice(0, 199)}…` : props;
  const value = record.value === undefined ? '' : ` ${record.value}${record.currency ? ` ${record.currency}` : ''}`;
  const context = record.context as { channel?: unknown; funnels?: { funnel?: unknown; step?: unknown; steps?: unknown }[] };
  const channel = typeof context.channel === 'string' ? ` [${context.channel}]` : '';
  const funnels = Array.isArray(context.funnels) ? context.funnels.map((f) => ` ${String(f.funnel)} ${String(f.step)}/${String(f.steps)}`).join('') : '';
  return printable(`${clock(record.ts)} ${record.kind.padEnd(5)} ${record.goal}${value} ${shown}${channel}${funnels}${duplicate ? ' (dup)' : ''}`);
}

/**
 * The terminal line of a refused request: time, status, error and the first five schema issues.
 * @example
 * rejectedLine({ status: 400, error: 'invalid batch' }) // '14:03:07.120 rejected 400 invalid batch'
 */
export function rejectedLine(info: RejectedInfo): string {
  const issues = (info.issues ?? []).slice(0, 5).map((issue) => `; ${issue.path}: ${issue.message}`).join('');
  return printable(`${clock(Date.now())} rejected ${info.status} ${info.error}${issues}`);
}

function clock(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** Replaces control characters, so that a goal name cannot send escape sequences to the terminal. */
function printable(line: string): string {
  return line.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}
