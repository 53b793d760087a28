/** @default 1000 */
export const DEFAULT_DEDUP_WINDOW = 1000;

export interface DedupWindow {
  /** Records `id`; returns `true` when it was already in the window. */
  seen(id: string): boolean;
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
  const limit = Math.floor(capacity);
  const ids = new Set<string>();
  // The window in arrival order, as a ring once full: evicting the oldest id needs no iterator per event.
  const ring: string[] = [];
  let oldest = 0;
  return {
    seen(id) {
      if (ids.has(id)) return true;
      if (limit < 1) return false;
      if (ring.length < limit) ring.push(id);
      else {
        ids.delete(ring[oldest]!);
        ring[oldest] = id;
        oldest = (oldest + 1) % limit;
      }
      ids.add(id);
      return false;
    },
    get size() {
      return ids.size;
    },
  };
}
