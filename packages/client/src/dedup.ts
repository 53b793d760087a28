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
 * Remembers the last `capacity` event ids (FIFO), so at-least-once delivery reaches handlers once.
 *
 * @example
 * const dedup = createDedupWindow(1000);
 * if (!dedup.seen(message.eventId)) deliver(message);
 */
export function createDedupWindow(capacity: number = DEFAULT_DEDUP_WINDOW): DedupWindow {
  const limit = Math.max(0, Math.floor(capacity));
  // The window in arrival order, as a ring once full: evicting the oldest id needs no iterator per event.
  const ring: string[] = [];
  let oldest = 0;
  // The ring's ids for lookups; `record` leaves it stale (no hashing per live event) and `seen` rebuilds it.
  const ids = new Set<string>();
  let stale = false;

  /** Appends `id`, returning the id it evicted. */
  const push = (id: string): string | undefined => {
    if (ring.length < limit) {
      ring.push(id);
      return undefined;
    }
    const evicted = ring[oldest];
    ring[oldest] = id;
    oldest = (oldest + 1) % limit;
    return evicted;
  };

  return {
    seen(id) {
      if (limit < 1) return false;
      if (stale) {
        ids.clear();
        for (const known of ring) ids.add(known);
        stale = false;
      }
      if (ids.has(id)) return true;
      const evicted = push(id);
      if (evicted !== undefined) ids.delete(evicted);
      ids.add(id);
      return false;
    },
    record(id) {
      if (limit < 1) return;
      push(id);
      stale = true;
    },
    get size() {
      return ring.length;
    },
  };
}
