/** A typed event emitter (see {@link createEmitter}). */
export type Emitter<Events extends object> = ReturnType<typeof createEmitter<Events>>;

/** A tiny typed event emitter (after mitt); a throwing listener never stops the others. */
export function createEmitter<Events extends object>() {
  const listeners = new Map<keyof Events, Set<(payload: never) => void>>();
  return {
    on<K extends keyof Events>(type: K, listener: (payload: Events[K]) => void): () => void {
      let set = listeners.get(type);
      if (!set) listeners.set(type, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => void set.delete(listener as (payload: never) => void);
    },
    emit<K extends keyof Events>(type: K, payload: Events[K]): void {
      listeners.get(type)?.forEach((listener) => {
        try {
          (listener as (payload: Events[K]) => void)(payload);
        } catch {
          // A listener's bug is the listener's; the tracker goes on.
        }
      });
    },
    clear: () => listeners.clear(),
  };
}
