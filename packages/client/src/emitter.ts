/** Removes the handler it was returned for. */
export type Unsubscribe = () => void;

export interface Emitter<M> {
  on<K extends keyof M>(event: K, handler: M[K]): Unsubscribe;
  /**
   * Calls every handler of `event` (with at most two arguments); a handler that throws is reported to
   * `onHandlerError` and the rest still run.
   */
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
  return new ListEmitter<M>(onHandlerError) as unknown as Emitter<M>;
}

type Handler = (...args: unknown[]) => void;

// Copy on write: `emit` walks the array it read, so a handler added or removed by a handler takes effect from the
// next emit, and emitting allocates nothing. The lists hold the handlers themselves: one object less per emit.
class ListEmitter<M> {
  readonly #lists = new Map<keyof M, readonly Handler[]>();
  /** Bumped by `clear()`: an Unsubscribe from before it has nothing left to remove. */
  #generation = 0;
  /** The last event emitted and its list: live traffic is mostly one event, so most emits skip the Map. */
  #lastEvent: keyof M | undefined;
  #lastList: readonly Handler[] | undefined;
  /** The last event's handler when it has exactly one: the common case calls it without reading the list. */
  #lastOnly: Handler | undefined;

  constructor(private readonly onHandlerError: (error: unknown, event: keyof M) => void) {}

  on<K extends keyof M>(event: K, handler: M[K]): Unsubscribe {
    // The same function subscribed twice is two subscriptions, each removable once: `subscribed` makes a second
    // call of this Unsubscribe a no-op, and removing either copy of a function leaves the same calls.
    const fn = handler as Handler;
    let subscribed = true;
    const generation = this.#generation;
    this.#set(event, [...(this.#lists.get(event) ?? []), fn]);
    return () => {
      if (!subscribed || generation !== this.#generation) return;
      subscribed = false;
      const list = this.#lists.get(event) ?? [];
      const at = list.lastIndexOf(fn);
      if (at >= 0) this.#set(event, [...list.slice(0, at), ...list.slice(at + 1)]);
    };
  }

  // Handlers take at most two arguments (payload, message): passing them by name spares a rest array per emit.
  emit(event: keyof M, first?: unknown, second?: unknown): void {
    if (event !== this.#lastEvent) this.#remember(event, this.#lists.get(event));
    const only = this.#lastOnly;
    if (only !== undefined) {
      this.#call(only, event, first, second);
      return;
    }
    const list = this.#lastList;
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) this.#call(list[i]!, event, first, second);
  }

  #call(handler: Handler, event: keyof M, first: unknown, second: unknown): void {
    try {
      handler(first, second);
    } catch (error) {
      this.onHandlerError(error, event);
    }
  }

  clear(): void {
    this.#generation++;
    this.#lists.clear();
    this.#remember(undefined, undefined);
  }

  #set(event: keyof M, list: readonly Handler[]): void {
    this.#lists.set(event, list);
    if (event === this.#lastEvent) this.#remember(event, list);
  }

  #remember(event: keyof M | undefined, list: readonly Handler[] | undefined): void {
    this.#lastEvent = event;
    this.#lastList = list;
    this.#lastOnly = list?.length === 1 ? list[0] : undefined;
  }
}
