import type { Session } from '../context/session';
import type { KeyValueStorage } from '../lib/storage';

/** Remembers goals counted with `once: 'page' | 'session' | 'user'` and says whether to skip a hit. */
export function createOncePolicy(storage: KeyValueStorage, key: string, session: Session) {
  const page = new Set<string>();
  let user: string[] | undefined;
  const users = () => {
    if (!user) {
      try {
        const stored: unknown = JSON.parse(storage.getItem(key) ?? '[]');
        user = Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
      } catch {
        user = [];
      }
    }
    return user;
  };
  return {
    /** Whether the goal was already counted in its scope. */
    seen(goal: string, scope: 'page' | 'session' | 'user' | undefined, now: number): boolean {
      if (scope === 'page') return page.has(goal);
      if (scope === 'session') return session.hasCounted(goal, now);
      if (scope === 'user') return users().includes(goal);
      return false;
    },
    /** Records the goal as counted. Every scope implies the narrower ones. */
    count(goal: string, scope: 'page' | 'session' | 'user' | undefined): void {
      if (!scope) return;
      page.add(goal);
      if (scope === 'page') return;
      session.count(goal);
      if (scope === 'user') storage.setItem(key, JSON.stringify([...users(), goal]));
    },
  };
}
