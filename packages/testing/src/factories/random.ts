/** A deterministic source of values: the same seed gives the same sequence. */
export interface SeededRandom {
  /** A number in [0, 1). */
  next(): number;
  /** A v4-shaped UUID. */
  uuid(): string;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
}

/**
 * A mulberry32 generator: fast, small and good enough to spread test data.
 *
 * @example
 * const random = createSeededRandom(42);
 * random.uuid(); // the same on every run
 */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (digits: number) => Array.from({ length: digits }, () => Math.floor(next() * 16).toString(16)).join('');
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(next() * 4)]}${hex(3)}-${hex(12)}`,
  };
}
