/** Console output of one tracker: silent unless `debug`, every line prefixed `[cairn]`. */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/**
 * Creates a logger. `debug` prints only in debug mode; `warn` (a rejected event, a refused batch)
 * and `error` (a broken config) always print.
 */
export function createLogger(debug: boolean): Logger {
  const out = (method: 'log' | 'warn' | 'error', message: string, details: unknown[]) => {
    try {
      if (typeof console !== 'undefined') console[method](`[cairn] ${message}`, ...details);
    } catch {
      // A page that replaced console with something broken still must not break.
    }
  };
  return {
    debug(message, ...details) {
      if (debug) out('log', message, details);
    },
    warn: (message, ...details) => out('warn', message, details),
    error: (message, ...details) => out('error', message, details),
  };
}
