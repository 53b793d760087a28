import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './render.js';
import { type ChartReport, cpuPerDeliverySpec, p99LatencySpec, replayCatchUpSpec } from './specs.js';

/**
 * The charts, by file name, and the spec each is drawn from (`null`: nothing to draw).
 *
 * @example
 * CHARTS.map((c) => c.file); // ['p99-latency.svg', 'cpu-per-delivery.svg', 'replay-catch-up.svg']
 */
export const CHARTS: readonly { file: string; spec: (report: ChartReport) => TopLevelSpec | null }[] = [
  { file: 'p99-latency.svg', spec: p99LatencySpec },
  { file: 'cpu-per-delivery.svg', spec: cpuPerDeliverySpec },
  { file: 'replay-catch-up.svg', spec: replayCatchUpSpec },
];

/**
 * Renders every chart of `report` into `dir` (created when missing) and returns the paths written; a chart whose
 * rows the report lacks (e.g. run with `--skip replay`) is not written, and `log` says so.
 *
 * @example
 * const paths = await writeCharts(report, 'docs/benchmarks', (line) => console.error(line));
 */
export async function writeCharts(
  report: ChartReport,
  dir: string,
  log: (line: string) => void = () => {},
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const chart of CHARTS) {
    const spec = chart.spec(report);
    if (!spec) {
      log(`skipped ${chart.file}: no rows to chart in the report`);
      continue;
    }
    const path = join(dir, chart.file);
    await writeFile(path, await renderSvg(spec));
    written.push(path);
  }
  return written;
}
