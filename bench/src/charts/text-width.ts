// Advance widths (1/1000 em) of Helvetica, which Arial shares, for ' ' (32) to '~' (126).
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
  722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556,
  556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
  260, 334, 584,
];
const OTHER_WIDTH = 600;
/** Helvetica Bold runs about this much wider than the regular weight. */
const BOLD_FACTOR = 1.1;

/**
 * The width in px of `text` set in Helvetica/Arial at `fontSize` px: what a viewer draws the charts' text with.
 *
 * @example
 * textWidth('max', 12); // 22.668
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let units = 0;
  for (const char of text) units += ASCII_WIDTHS[(char.codePointAt(0) ?? 0) - 32] ?? OTHER_WIDTH;
  return (units / 1000) * fontSize * (bold ? BOLD_FACTOR : 1);
}
