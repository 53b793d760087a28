/** @default 1000 */
export const DEFAULT_DEDUP_WINDOW = 1000;

export interface DedupWindow {
  /** Records `id`; returns `true` when it was already in the window. */
  seen(id: string): boolean;
  /**
   * Records an id the caller knows is new (a room event whose `seq` follows the last one), without looking it
   * up: the cheap path for live traffic. A later {@link seen} still finds it.
   */
  record(id: string): void;
  readonly size: number;
}

/**
 * The window as a ring of ids in arrival order, with a Set for lookups that `record` leaves stale (no hashing per
 * live event) and `seen` rebuilds. A class: its methods are shared by every client, so a frame touches one object.
 */
class RingDedupWindow implements DedupWindow {
  readonly #limit: number;
  readonly #ring: string[] = [];
  #oldest = 0;
  readonly #ids = new Set<string>();
  #stale = false;

  constructor(capacity: number) {
    this.#limit = Math.max(0, Math.floor(capacity));
  }

  seen(id: string): boolean {
    if (this.#limit < 1) return false;
    if (this.#stale) {
      this.#ids.clear();
      for (const known of this.#ring) this.#ids.add(known);
      this.#stale = false;
    }
    if (this.#ids.has(id)) return true;
    const evicted = this.#push(id);
    if (evicted !== undefined) this.#ids.delete(evicted);
    this.#ids.add(id);
    return false;
  }

  record(id: string): void {
    if (this.#limit < 1) return;
    this.#push(id);
    this.#stale = true;
  }

  get size(): number {
    return this.#ring.length;
  }

  /** Appends `id`, returning the id it evicted. */
  #push(id: string): string | undefined {
    const ring = this.#ring;
    if (ring.length < this.#limit) {
      ring.push(id);
      return undefined;
    }
    const evicted = ring[this.#oldest];
    ring[this.#oldest] = id;
    this.#oldest = this.#oldest + 1 === this.#limit ? 0 : this.#oldest + 1;
    return evicted;
  }
}

/**
 * Remembers the last `capacity` event ids (FIFO), so at-least-once delivery reaches handlers once.
 *
 * @example
 * const dedup = createDedupWindow(1000);
 * if (!dedup.seen(message.eventId)) deliver(message);
 */
export function createDedupWindow(capacity: number = DEFAULT_DEDUP_WINDOW): DedupWindow {
  return new RingDedupWindow(capacity);
}
