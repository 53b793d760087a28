import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { textWidth } from './text-width.js';

interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
  /** Vega truncates text to this width (px) when set. */
  limit?: number;
}

/** Room for a viewer without Helvetica or Arial, whose fallback font runs a little wider. */
const FALLBACK_FONT_SLACK = 1.05;

// Without a canvas Vega guesses every glyph at 0.8 em, about 1.5 times what Helvetica/Arial draw, and lays titles,
// labels and legends out that much too wide. `textMetrics.width` is Vega's hook for a custom measure (vl-convert
// uses it); vega's typings leave it out.
const { textMetrics } = vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } };
textMetrics.width = (item, text) => {
  const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
  const width = textWidth(String(text ?? '').trim(), item.fontSize ?? 11, bold) * FALLBACK_FONT_SLACK;
  return item.limit && item.limit > 0 ? Math.min(width, item.limit) : width;
};

/**
 * Renders a Vega-Lite spec to an SVG document with Vega's headless view, in Node without a browser or canvas
 * (text is measured with Helvetica/Arial widths; importing this module sets that measure for every Vega view).
 *
 * @example
 * const svg = await renderSvg({ data: { values: [{ a: 1 }] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } });
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
