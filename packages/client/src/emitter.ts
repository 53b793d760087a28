/** Removes the handler it was returned for. */
export type Unsubscribe = () => void;

export interface Emitter<M> {
  on<K extends keyof M>(event: K, handler: M[K]): Unsubscribe;
  /** Calls every handler of `event`; a handler that throws is reported to `onHandlerError` and the rest still run. */
  emit<K extends keyof M>(event: K, ...args: M[K] extends (...a: infer A) => void ? A : never): void;
  clear(): void;
}

/**
 * A minimal typed event emitter over a map of event name to handler signature.
 *
 * @example
 * const emitter = createEmitter<{ tick: (n: number) => void }>(console.error);
 * const off = emitter.on('tick', (n) => console.log(n));
 */
export function createEmitter<M>(onHandlerError: (error: unknown, event: keyof M) => void): Emitter<M> {
  const handlers = new Map<keyof M, Set<(...args: unknown[]) => void>>();
  return {
    on(event, handler) {
      let set = handlers.get(event);
      if (!set) {
        set = new Set();
        handlers.set(event, set);
      }
      // Wrap so the same function subscribed twice is two subscriptions, each removable once.
      const entry = (...args: unknown[]) => (handler as (...a: unknown[]) => void)(...args);
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    emit(event, ...args) {
      const set = handlers.get(event);
      if (!set || set.size === 0) return;
      const call = (handler: (...args: unknown[]) => void) => {
        try {
          handler(...args);
        } catch (error) {
          onHandlerError(error, event);
        }
      };
      // A snapshot of the handlers: one added or removed by a handler takes effect from the next emit.
      if (set.size === 1) call(set.values().next().value as (...args: unknown[]) => void);
      else for (const handler of [...set]) call(handler);
    },
    clear() {
      handlers.clear();
    },
  };
}
