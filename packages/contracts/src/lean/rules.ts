/**
 * The contract rules JSON Schema cannot express, as plain checks for the lean validators. Each mirrors a Zod
 * refinement; `src/docs/lean-validators.ts` maps every refinement of the schemas to one of these (and fails
 * generation on a refinement it does not know), and the agreement tests hold both to the same verdicts.
 */

/** Values (or their `key` property) are pairwise distinct: `optionId`s of poll options, `selectedOptionIds`. */
export const uniqueBy =
  (key?: string) =>
  (items: readonly unknown[]): boolean =>
    new Set(key === undefined ? items : items.map((item) => (item as Record<string, unknown>)[key])).size ===
    items.length;

/** `value[low] < value[high]`: a rating scale's `minRating < maxRating`. */
export const lessThan =
  (low: string, high: string) =>
  (value: Readonly<Record<string, number>>): boolean =>
    value[low]! < value[high]!;
