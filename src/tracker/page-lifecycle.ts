/** Callbacks for the moments a page may be lost or come back. */
export interface LifecycleHandlers {
  /** The page became hidden: it may never be shown again. */
  hidden(): void;
  /** The page is being unloaded (or frozen into the back/forward cache when `persisted`). */
  pagehide(persisted: boolean): void;
  /** The page came back from the back/forward cache. */
  restored(): void;
}

/**
 * Listens to `visibilitychange`, `pagehide` and `pageshow`, the events that still fire on mobile
 * when a page is closed (unlike `unload`, which also blocks the back/forward cache).
 * Returns a function that removes the listeners.
 */
export function watchPageLifecycle(win: Window, handlers: LifecycleHandlers): () => void {
  const guard = (fn: () => void) => {
    try {
      fn();
    } catch {
      // Never let a lifecycle handler throw into the page's own listeners.
    }
  };
  const onVisibility = () => guard(() => win.document.visibilityState === 'hidden' && handlers.hidden());
  const onPagehide = (event: PageTransitionEvent) => guard(() => handlers.pagehide(event.persisted));
  const onPageshow = (event: PageTransitionEvent) => guard(() => event.persisted && handlers.restored());
  win.document.addEventListener('visibilitychange', onVisibility);
  win.addEventListener('pagehide', onPagehide);
  win.addEventListener('pageshow', onPageshow);
  return () => {
    win.document.removeEventListener('visibilitychange', onVisibility);
    win.removeEventListener('pagehide', onPagehide);
    win.removeEventListener('pageshow', onPageshow);
  };
}
