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
 * event. The prefix is learned from recorded ids. The newest keys, while they count up by one (live room events),
 * are kept as a run (its first key and length) rather than written to the ring: recording one touches no memory
 * beyond this object. A class: its methods are shared by every client.
 */
class RingDedupWindow implements DedupWindow {
  readonly #limit: number;
  /** Keys older than the run, oldest at `#oldest`, `#count` of them. */
  readonly #ring: (string | number | undefined)[] = [];
  #oldest = 0;
  #count = 0;
  /** The newest keys: `#runStart`, `#runStart + 1`, … (`#runLength` of them), after every key of the ring. */
  #runStart = 0;
  #runLength = 0;
  /** The ring's keys (not the run's) when not stale. */
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
    const key = this.#keyOf(id);
    if (this.#inRun(key)) return true;
    if (this.#stale) {
      this.#ids.clear();
      for (let i = 0; i < this.#count; i++) this.#ids.add(this.#ring[this.#slot(i)]!);
      this.#stale = false;
    }
    if (this.#ids.has(key)) return true;
    this.#append(key);
    return false;
  }

  record(id: string): void {
    if (this.#limit < 1) return;
    let key = this.#keyOf(id);
    if (typeof key === 'string' && this.#sinceSwitch >= this.#limit) key = this.#learn(id);
    this.#sinceSwitch++;
    this.#append(key);
  }

  get size(): number {
    return this.#count + this.#runLength;
  }

  #inRun(key: string | number): boolean {
    return typeof key === 'number' && key >= this.#runStart && key < this.#runStart + this.#runLength;
  }

  /** Where the `i`-th oldest key of the ring is. */
  #slot(i: number): number {
    const at = this.#oldest + i;
    return at < this.#limit ? at : at - this.#limit;
  }

  /** Adds the newest key: to the run when it follows it, else to the ring after the run's keys. */
  #append(key: string | number): void {
    if (this.#count + this.#runLength >= this.#limit) this.#evictOldest();
    if (typeof key === 'number' && (this.#runLength === 0 || key === this.#runStart + this.#runLength)) {
      if (this.#runLength === 0) this.#runStart = key;
      this.#runLength++;
    } else {
      this.#flushRun();
      this.#pushRing(key);
    }
  }

  /** Moves the run's keys to the ring (a key that does not follow it arrived). */
  #flushRun(): void {
    const start = this.#runStart;
    const length = this.#runLength;
    this.#runLength = 0;
    for (let i = 0; i < length; i++) this.#pushRing(start + i);
  }

  #pushRing(key: string | number): void {
    this.#ring[this.#slot(this.#count)] = key;
    this.#count++;
    if (!this.#stale) this.#ids.add(key);
  }

  #evictOldest(): void {
    if (this.#count === 0) {
      this.#runStart++;
      this.#runLength--;
      return;
    }
    this.#ring[this.#oldest] = undefined;
    this.#oldest = this.#oldest + 1 === this.#limit ? 0 : this.#oldest + 1;
    this.#count--;
    // The evicted key may also be newer in the ring: rebuild the Set rather than delete from it.
    this.#stale = true;
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
    this.#flushRun();
    for (let i = 0; i < this.#count; i++) {
      const at = this.#slot(i);
      const key = this.#ring[at]!;
      this.#ring[at] = this.#keyOf(typeof key === 'number' ? `${previous}${key}` : key);
    }
    this.#stale = true;
    return this.#keyOf(id);
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
