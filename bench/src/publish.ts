import { readFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeCharts } from './charts/write.js';
import { replaceResults, resultsSection } from './report/page.js';
import type { BenchReport } from './report/report.js';

const PAGE = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
const CHART_DIR = fileURLToPath(new URL('../../docs/benchmarks', import.meta.url));
/** The charts' folder as the page links it. */
const CHART_LINK = 'benchmarks';
const USAGE = 'usage: pnpm bench:publish --from bench/reports/<date>-<run>-full.json';

/**
 * `pnpm bench:publish --from <report.json>`: draws the charts of a full run's JSON report into `docs/benchmarks/`
 * and replaces the generated section of `docs/benchmarks.md` with its targets and tables. The report is meant to
 * live in `bench/reports/` beside its printed `.txt`, which the page links by the same name.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: { from: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help || values.from === undefined) {
    console.log(USAGE);
    if (values.from === undefined && !values.help) process.exitCode = 2;
    return;
  }
  // pnpm runs the script in bench/; INIT_CWD is where the user typed the command.
  const from = resolve(process.env.INIT_CWD ?? process.cwd(), values.from);
  const report = JSON.parse(await readFile(from, 'utf8')) as BenchReport;
  if (report.machine.quick) throw new Error(`${from} is a --quick run: publish a full run`);
  const written = await writeCharts(report, CHART_DIR, (line) => process.stderr.write(`${line}\n`));
  const page = await readFile(PAGE, 'utf8');
  await writeFile(PAGE, replaceResults(page, resultsSection(report, basename(from, '.json'), CHART_LINK)));
  for (const path of [...written, PAGE]) process.stdout.write(`${path}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`publish failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
