import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AudienceStackName } from './audience/protocol.js';
import { type AudienceRow, audienceRow, audienceTable } from './audience/rows.js';
import { type AudienceRun, emptyRun, runAudience } from './audience/scenario.js';
import { audienceTargets } from './audience/targets.js';
import { killAllChildren } from './harness/children.js';
import { describeMachine } from './report/machine.js';
import { formatTable } from './report/table.js';

const DEFAULT_OUT = fileURLToPath(new URL('../results/audience.json', import.meta.url));
const USAGE =
  'usage: pnpm bench:audience [--sizes 1000,5000,10000] [--stacks pollwire,socket.io,pollwire+redis] ' +
  '[--redis-sizes 5000] [--real all|<count>] [--repetitions 3] [--join-ms 30000] [--vote-ms 20000] [--out <abs path>]';
/**
 * A Socket.IO run is abandoned past this. Once Socket.IO fails at a size (this deadline, or participants that never
 * got the live state), larger sizes are not tried.
 */
const SOCKET_IO_DEADLINE_MS = 5 * 60_000;
const POLLWIRE_DEADLINE_MS = 10 * 60_000;

/**
 * `pnpm bench:audience`: a live poll in front of N participants on the reference server. They join over 30 s, a
 * 4-option poll opens, each votes once within 20 s, the poll closes. Per N: frames and bytes per participant by
 * phase, when each participant held the final count after the last vote, join time, server CPU and peak RSS,
 * lost or duplicated votes, and real clients' states against the server's; Socket.IO running the same poll the
 * way its guides teach, and Pollwire on two Redis nodes, in the same run.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      sizes: { type: 'string', default: '1000,5000,10000' },
      stacks: { type: 'string', default: 'pollwire,socket.io,pollwire+redis' },
      'redis-sizes': { type: 'string', default: '5000' },
      real: { type: 'string', default: 'all' },
      repetitions: { type: 'string', default: '3' },
      'join-ms': { type: 'string', default: '30000' },
      'vote-ms': { type: 'string', default: '20000' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const numbers = (text: string) => text.split(',').filter(Boolean).map(Number);
  const sizes = numbers(values.sizes);
  const redisSizes = numbers(values['redis-sizes']);
  const stacks = values.stacks.split(',') as AudienceStackName[];
  // Every participant a real client unless told otherwise (the rest are raw sockets).
  const real = values.real === 'all' ? Number.POSITIVE_INFINITY : Number(values.real);
  const [repetitions, joinMs, voteMs] = [values.repetitions, values['join-ms'], values['vote-ms']].map(Number) as [
    number,
    number,
    number,
  ];
  const integer = (n: number, min: number) => Number.isInteger(n) && n >= min;
  if (
    ![...sizes, ...redisSizes].every((n) => integer(n, 2)) ||
    !stacks.every((s) => s === 'pollwire' || s === 'socket.io' || s === 'pollwire+redis') ||
    !(real === Number.POSITIVE_INFINITY || integer(real, 0)) ||
    !integer(repetitions, 1) ||
    !integer(joinMs, 0) ||
    !integer(voteMs, 0)
  )
    throw new Error(USAGE);

  const plan: { stack: AudienceStackName; n: number }[] = [];
  for (const n of sizes) {
    for (const stack of stacks) {
      if (stack !== 'pollwire+redis' || redisSizes.includes(n)) plan.push({ stack, n });
    }
  }
  for (const n of redisSizes)
    if (stacks.includes('pollwire+redis') && !sizes.includes(n)) plan.push({ stack: 'pollwire+redis', n });

  const runs: AudienceRun[][] = [];
  let socketIoGaveUpAt: number | null = null;
  for (const { stack, n } of plan) {
    const reps: AudienceRun[] = [];
    if (stack === 'socket.io' && socketIoGaveUpAt !== null && n > socketIoGaveUpAt) {
      process.stderr.write(`[audience] socket.io N=${n}: not run (it failed at N=${socketIoGaveUpAt})\n`);
      reps.push(emptyRun(stack, n, Math.min(real, n), `not run: failed at N=${socketIoGaveUpAt}`));
      runs.push(reps);
      continue;
    }
    for (let rep = 0; rep < repetitions; rep++) {
      const label = `[audience] ${stack} N=${n} rep ${rep + 1}/${repetitions}`;
      const run = await runAudience({
        stack,
        participants: n,
        real: Math.min(real, n),
        joinMs,
        voteMs,
        deadlineMs: stack === 'socket.io' ? SOCKET_IO_DEADLINE_MS : POLLWIRE_DEADLINE_MS,
        seed: rep + 1,
        onProgress: (line) => process.stderr.write(`${label} ${line}\n`),
      });
      process.stderr.write(`${label}: ${summary(run)}\n`);
      reps.push(run);
      if (run.failure !== null && stack === 'socket.io') {
        socketIoGaveUpAt = n;
        break;
      }
    }
    runs.push(reps);
  }

  const rows: AudienceRow[] = runs.map(audienceRow);
  const targets = audienceTargets(rows);
  const out = values.out ?? DEFAULT_OUT;
  mkdirSync(dirname(out), { recursive: true });
  const options = { sizes, stacks, redisSizes, real: values.real, repetitions, joinMs, voteMs };
  writeFileSync(out, `${JSON.stringify({ machine: describeMachine(false), options, rows, targets, runs }, null, 2)}\n`);
  process.stdout.write(
    `${audienceTable(rows)}\n\n${formatTable(
      ['target', 'measured (median)', 'met'],
      targets.map((t) => [t.target, t.measured, t.met === null ? 'not run' : t.met ? 'yes' : 'NO']),
    )}\nJSON: ${out}\n`,
  );
}

function summary(run: AudienceRun): string {
  if (run.failure !== null || run.figures === null) return `stopped: ${run.failure}`;
  const f = run.figures;
  return (
    `${f.live} live, frames/participant ${f.framesTotal.mean.toFixed(1)} (max ${f.framesTotal.max}), ` +
    `final count p99 ${f.finalCountMs.p99.toFixed(0)} ms (${f.heldFinal}/${run.participants} held it), ` +
    `join p99 ${f.joinMs.p99.toFixed(0)} ms, server CPU ${run.serverCpuS.toFixed(1)} s, ` +
    `RSS ${run.peakRssMiB.toFixed(0)} MiB, votes ${run.finalVoteCount}/${run.participants}, ` +
    `states ${run.comparison?.equal}/${run.comparison?.compared} equal` +
    (run.comparison?.firstDifference ? ` (first difference: ${run.comparison.firstDifference.slice(0, 200)})` : '')
  );
}

main().catch((error: unknown) => {
  killAllChildren();
  process.stderr.write(
    `bench:audience failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
