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
 * The window as a ring of keys in arrival order, with a Set for lookups that `record` leaves stale (no hashing per
 * live event) and `seen` rebuilds. An id of the form `<prefix><n>`, `n` a decimal without leading zeros (server-kit
 * numbers room events `<epoch>-<seq>`), is keyed by the number `n`: a client then keeps no string alive per live
 * event. The prefix is learned from recorded ids. A class: its methods are shared by every client.
 */
class RingDedupWindow implements DedupWindow {
  readonly #limit: number;
  readonly #ring: (string | number)[] = [];
  #oldest = 0;
  readonly #ids = new Set<string | number>();
  #stale = false;
  /** Ids starting with it and ending in a decimal are keyed by that number. */
  #prefix: string | undefined;
  /** Records since the prefix last changed: it changes at most once a window, so re-keying stays O(1) a record. */
  #sinceSwitch: number;

  constructor(capacity: number) {
    this.#limit = Math.max(0, Math.floor(capacity));
    this.#sinceSwitch = this.#limit;
  }

  seen(id: string): boolean {
    if (this.#limit < 1) return false;
    if (this.#stale) {
      this.#ids.clear();
      for (const known of this.#ring) this.#ids.add(known);
      this.#stale = false;
    }
    const key = this.#keyOf(id);
    if (this.#ids.has(key)) return true;
    const evicted = this.#push(key);
    if (evicted !== undefined) this.#ids.delete(evicted);
    this.#ids.add(key);
    return false;
  }

  record(id: string): void {
    if (this.#limit < 1) return;
    let key = this.#keyOf(id);
    if (typeof key === 'string' && this.#sinceSwitch >= this.#limit) key = this.#learn(id);
    this.#sinceSwitch++;
    this.#push(key);
    this.#stale = true;
  }

  get size(): number {
    return this.#ring.length;
  }

  #keyOf(id: string): string | number {
    const prefix = this.#prefix;
    if (prefix === undefined || !id.startsWith(prefix)) return id;
    const n = decimalAt(id, prefix.length);
    return n < 0 ? id : n;
  }

  /** Takes the prefix of `id` (up to its last `-`) when a decimal follows, re-keying the window; `id`'s key. */
  #learn(id: string): string | number {
    const at = id.lastIndexOf('-') + 1;
    if (at === 0 || decimalAt(id, at) < 0) return id;
    const previous = this.#prefix;
    // Clients of one server learn the same prefix: sharing the string keeps it in cache across them.
    const prefix = id.slice(0, at);
    if (prefix !== sharedPrefix) sharedPrefix = prefix;
    this.#prefix = sharedPrefix;
    this.#sinceSwitch = 0;
    const ring = this.#ring;
    for (let i = 0; i < ring.length; i++) {
      const key = ring[i]!;
      ring[i] = this.#keyOf(typeof key === 'number' ? `${previous}${key}` : key);
    }
    this.#stale = true;
    return this.#keyOf(id);
  }

  /** Appends `key`, returning the key it evicted. */
  #push(key: string | number): string | number | undefined {
    const ring = this.#ring;
    if (ring.length < this.#limit) {
      ring.push(key);
      return undefined;
    }
    const evicted = ring[this.#oldest];
    ring[this.#oldest] = key;
    this.#oldest = this.#oldest + 1 === this.#limit ? 0 : this.#oldest + 1;
    return evicted;
  }
}

/** The prefix most recently learned by any window. */
let sharedPrefix: string | undefined;

/** The safe integer `text` spells from `from` to its end (digits, no leading zero), or -1. */
function decimalAt(text: string, from: number): number {
  const length = text.length - from;
  if (length < 1 || length > 16 || (length > 1 && text.charCodeAt(from) === 48)) return -1;
  let n = 0;
  for (let i = from; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n <= Number.MAX_SAFE_INTEGER ? n : -1;
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
