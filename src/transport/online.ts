import type { Logger } from '../lib/log';

/** Whether the browser says it is offline, and a wait for it to come back. */
export interface OnlineWatch {
  /** `true` while offline; the first time, starts listening for `online`. */
  offline(): boolean;
  /** Stops listening. */
  stop(): void;
}

/** Calls `onBack` once the browser is online again after {@link OnlineWatch.offline} said it was not. */
export function watchOnline(win: Window, log: Logger, onBack: () => void): OnlineWatch {
  let listening = false;
  const stop = () => {
    listening = false;
    win.removeEventListener('online', back);
  };
  const back = () => {
    stop();
    log.debug('back online: sending');
    onBack();
  };
  return {
    offline() {
      if (win.navigator.onLine !== false) return false;
      if (!listening) {
        listening = true;
        win.addEventListener('online', back);
        log.debug('offline: waiting for the online event');
      }
      return true;
    },
    stop,
  };
}
