import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatTable, spreadCell } from './report/table.js';
import { type LateJoinFigures, type LateJoinStart, measureLateJoin } from './scenarios/late-join.js';
import { spread } from './stats/repetitions.js';

const DEFAULT_OUT = fileURLToPath(new URL('../results/late-join.json', import.meta.url));
const USAGE =
  'usage: pnpm bench:join [--sizes 1000,10000,100000] [--start snapshot,history] [--repetitions 3] [--out <abs path>]';

/**
 * `pnpm bench:join`: what a participant who joins late pays to reach a live state, by how many events the session
 * logged before: bytes and frames received, and the time, over a real loopback socket to a server with its defaults;
 * with the state snapshot (the default) and with the whole log (`history`, the 1.0 behaviour), in the same run.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      start: { type: 'string', default: 'snapshot,history' },
      repetitions: { type: 'string', default: '3' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const sizes = values.sizes.split(',').map(Number);
  const starts = values.start.split(',') as LateJoinStart[];
  const repetitions = Number(values.repetitions);
  if (
    sizes.some((n) => !Number.isInteger(n) || n < 3) ||
    starts.some((s) => s !== 'snapshot' && s !== 'history') ||
    !Number.isInteger(repetitions) ||
    repetitions < 1
  )
    throw new Error(USAGE);
  const runs: LateJoinFigures[][] = [];
  for (const start of starts) {
    for (const size of sizes) {
      const reps: LateJoinFigures[] = [];
      for (let rep = 0; rep < repetitions; rep++) {
        const figures = await measureLateJoin(size, start);
        process.stderr.write(
          `[join] ${start} ${size} events rep ${rep + 1}/${repetitions}: ${(figures.bytes / 1024).toFixed(0)} KiB, ` +
            `${figures.msToLive.toFixed(0)} ms, state ${figures.stateComplete ? 'complete' : `lost (${figures.resync})`}\n`,
        );
        reps.push(figures);
      }
      runs.push(reps);
    }
  }
  const rows = runs.map((reps) => ({
    start: reps[0]!.start,
    events: reps[0]!.events,
    bytes: spread(reps.map((r) => r.bytes)),
    frames: spread(reps.map((r) => r.frames)),
    msToLive: spread(reps.map((r) => r.msToLive)),
    stateComplete: reps.every((r) => r.stateComplete),
    resync: reps.find((r) => r.resync !== null)?.resync ?? null,
  }));
  const out = values.out ?? DEFAULT_OUT;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ node: process.version, repetitions, rows, runs }, null, 2)}\n`);
  process.stdout.write(
    `${formatTable(
      ['catch-up', 'logged events', 'KiB received', 'frames', 'ms to live', 'state after the join'],
      rows.map((r) => [
        r.start,
        r.events,
        r.bytes && spreadCell({ median: r.bytes.median / 1024, min: r.bytes.min / 1024, max: r.bytes.max / 1024 }, 0),
        spreadCell(r.frames, 0),
        spreadCell(r.msToLive, 0),
        r.stateComplete ? 'complete' : `lost (resync ${r.resync})`,
      ]),
    )}\nJSON: ${out}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:join failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
