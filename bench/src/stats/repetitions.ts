/** One figure over the repetitions of a measurement. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/**
 * Median, min and max of the finite values (`NaN`/`null` repetitions are skipped); `null` when none is finite.
 * The median of an even count is the mean of the two middle values.
 *
 * @example
 * spread([3, 1, 2]); // { median: 2, min: 1, max: 3 }
 */
export function spread(values: ReadonlyArray<number | null | undefined>): Spread | null {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return null;
  const mid = finite.length >> 1;
  const median = finite.length % 2 === 1 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2;
  return { median, min: finite[0]!, max: finite[finite.length - 1]! };
}

/** Applies `spread` to each numeric field present in every repetition. */
export function spreadFields<K extends string>(
  repetitions: ReadonlyArray<Readonly<Record<K, number | null>>>,
  fields: readonly K[],
): Record<K, Spread | null> {
  const out = {} as Record<K, Spread | null>;
  for (const field of fields) out[field] = spread(repetitions.map((r) => r[field]));
  return out;
}
