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
  type Entry = { readonly handler: (...args: unknown[]) => void };
  // Copy on write: `emit` walks the array it read, so a handler added or removed by a handler takes effect from
  // the next emit, and emitting allocates nothing.
  const lists = new Map<keyof M, readonly Entry[]>();
  return {
    on(event, handler) {
      // One entry per subscription: the same function subscribed twice is two subscriptions, each removable once.
      const entry: Entry = { handler: handler as Entry['handler'] };
      lists.set(event, [...(lists.get(event) ?? []), entry]);
      return () => {
        const list = lists.get(event);
        if (list?.includes(entry))
          lists.set(
            event,
            list.filter((e) => e !== entry),
          );
      };
    },
    emit(event, ...args) {
      const list = lists.get(event);
      if (list === undefined) return;
      for (let i = 0; i < list.length; i++) {
        try {
          list[i]!.handler(...args);
        } catch (error) {
          onHandlerError(error, event);
        }
      }
    },
    clear() {
      lists.clear();
    },
  };
}
