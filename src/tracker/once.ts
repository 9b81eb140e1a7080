import type { Session } from '../context/session';
import type { KeyValueStorage } from '../lib/storage';

/** Remembers goals counted with `once: 'page' | 'session' | 'user'` and says whether to skip a hit. */
export function createOncePolicy(storage: KeyValueStorage, key: string, session: Session) {
  const page = new Set<string>();
  // Read at each use, not cached: another tab may have counted a user-scoped goal since.
  const users = (): string[] => {
    try {
      const stored: unknown = JSON.parse(storage.getItem(key) ?? '[]');
      return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
    } catch {
      return [];
    }
  };
  return {
    /** Whether the goal was already counted in its scope. */
    seen(goal: string, scope: 'page' | 'session' | 'user' | undefined, now: number): boolean {
      if (scope === 'page') return page.has(goal);
      if (scope === 'session') return session.hasCounted(goal, now);
      // Counted on this page is counted for the user, even when storage lost the write.
      if (scope === 'user') return page.has(goal) || users().includes(goal);
      return false;
    },
    /** Records the goal as counted. Every scope implies the narrower ones. */
    count(goal: string, scope: 'page' | 'session' | 'user' | undefined): void {
      if (!scope) return;
      page.add(goal);
      if (scope === 'page') return;
      session.count(goal);
      if (scope !== 'user') return;
      const counted = users();
      if (!counted.includes(goal)) storage.setItem(key, JSON.stringify([...counted, goal]));
    },
  };
}
