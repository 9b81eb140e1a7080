/** A typed event emitter (see {@link createEmitter}). */
export type Emitter<Events extends object> = ReturnType<typeof createEmitter<Events>>;

type Listener = (payload: never) => void;

/**
 * A tiny typed event emitter (after mitt); a throwing listener never stops the others. A listener
 * added twice runs twice, and its removal removes both. Each type's listeners are an array
 * replaced on every change, so `emit` (once per tracked event) walks it without an iterator or a
 * closure, and a listener added or removed while it runs takes effect from the next event.
 */
export function createEmitter<Events extends object>() {
  const listeners = new Map<keyof Events, readonly Listener[]>();
  return {
    on<K extends keyof Events>(type: K, listener: (payload: Events[K]) => void): () => void {
      listeners.set(type, [...(listeners.get(type) ?? []), listener as Listener]);
      return () => void listeners.set(type, (listeners.get(type) ?? []).filter((l) => l !== listener));
    },
    emit<K extends keyof Events>(type: K, payload: Events[K]): void {
      const list = listeners.get(type);
      if (!list) return;
      for (let i = 0; i < list.length; i++) {
        try {
          (list[i] as (payload: Events[K]) => void)(payload);
        } catch {
          // A listener's bug is the listener's; the tracker goes on.
        }
      }
    },
    clear: () => listeners.clear(),
  };
}
