import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { killAllChildren } from './harness/children.js';
import { DEFAULT_CLIENT_PROCESSES } from './harness/deployment.js';
import { runFanoutSuite } from './harness/fanout-suite.js';
import { runReplaySuite } from './harness/replay-suite.js';
import { FANOUT_STACKS, REPLAY_STACKS } from './harness/stacks.js';
import { type ExecArgvFor, type PreparedStack, prepareStacks } from './harness/suite.js';
import { measureBundles } from './micro/bundle.js';
import { measureClientFrame } from './micro/client-frame.js';
import { measureValidation } from './micro/validation.js';
import { PROFILE_DIR, parseOptions } from './options.js';
import { describeMachine } from './report/machine.js';
import {
  deploymentCpuPct,
  type FanoutRow,
  fellBehind,
  MACHINE_BUSY_SHARE,
  type ReplayRow,
  SCHEDULE_LAG_INTERVALS,
} from './report/rows.js';
import {
  bundleTable,
  clientFrameTable,
  fanoutTable,
  fixed,
  replayTable,
  targetsTable,
  validationTable,
} from './report/table.js';
import type { BenchReport } from './report/report.js';
import { checkTargets } from './report/targets.js';
import { RSS_FIRST_CONNECTIONS } from './scenarios/fanout.js';

/**
 * `pnpm bench [--quick] [--out path]`: fan-out, replay catch-up, validation and bundle size of every stack on this
 * machine in one run; a table on stdout and JSON at `bench/results/latest.json`. Exits non-zero only on errors
 * (a crashed or failed measurement), never on a timing.
 */
async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const machine = describeMachine(options.quick);
  const log = (line: string) =>
    process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0)}s] ${line}\n`);
  const execArgv: ExecArgvFor = (stack, role) => [
    ...((role === 'server' ? options.profile : options.profileClients)
      ? ['--cpu-prof', `--cpu-prof-dir=${join(PROFILE_DIR, stack, role)}`]
      : []),
    ...(role === 'server' ? options.serverFlags : options.clientFlags),
  ];
  const pick = (stacks: PreparedStack[]) =>
    options.stacks.length === 0
      ? stacks.filter((s) => !s.stack.onlyWhenNamed)
      : stacks.filter((s) => options.stacks.includes(s.stack.name));
  const unavailable = (stacks: PreparedStack[]) =>
    stacks.flatMap((s) => (s.ok ? [] : [{ stack: s.stack.name, reason: s.reason }]));

  log(`${machine.cpuModel}, ${machine.cores} cores, node ${machine.node}${options.quick ? ', quick' : ''}`);
  const fanoutStacks = pick(await prepareStacks(FANOUT_STACKS));
  const replayStacks = pick(await prepareStacks(REPLAY_STACKS));
  for (const u of unavailable([...fanoutStacks, ...replayStacks])) log(`${u.stack}: ${u.reason}`);

  let runs: FanoutRow[] = [];
  let replay: ReplayRow[] = [];
  if (!options.skip.has('validation')) log('validation');
  const validation = options.skip.has('validation')
    ? null
    : measureValidation(options.quick ? { iterations: 5_000, repetitions: 3 } : {});
  const frameOptions = options.quick ? { frames: 100, repetitions: 3 } : {};
  const clientFrame = options.skip.has('validation') ? null : await measureClientFrame(frameOptions);
  const clientFrameCold = options.skip.has('validation')
    ? null
    : await measureClientFrame({ ...frameOptions, frames: options.quick ? 20 : 100, cold: true });
  const bundle = options.skip.has('bundle') ? null : await measureBundles();
  if (!options.skip.has('fanout')) runs = await runFanoutSuite(options, fanoutStacks, execArgv, log);
  if (!options.skip.has('replay')) replay = await runReplaySuite(options, replayStacks, execArgv, log);
  const targets = checkTargets(
    runs,
    replay,
    clientFrame ? { warm: clientFrame.pollwireToSocketIo, cold: clientFrameCold?.pollwireToSocketIo ?? null } : null,
  );

  const out: BenchReport = {
    machine,
    durationSec: Math.round((performance.now() - started) / 1000),
    repetitions: options.repetitions,
    runs,
    unavailable: [...unavailable(fanoutStacks), ...unavailable(replayStacks)],
    replay,
    validation,
    clientFrame,
    clientFrameCold,
    bundle,
    targets,
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(out, null, 2)}\n`);

  const print = (title: string, body: string) => process.stdout.write(`\n${title}\n${body}\n`);
  print(
    `Fan-out: ${machine.cores} cores, ${options.repetitions} repetition(s), medians; [min-max] over repetitions; ratios are paired medians; "!" = a client process above 90% CPU (client-bound); KB/conn = RSS delta / C from a fresh server, KB/conn+ = per connection added after the first ${RSS_FIRST_CONNECTIONS}; lag ms = how far behind its send schedule the server fell at worst (fixed rates)`,
    fanoutTable(runs),
  );
  const clientBound = runs.filter((r) => r.clientBound).map((r) => `${r.stack} C=${r.clients} R=${r.rate}`);
  process.stdout.write(
    clientBound.length > 0
      ? `client side was the bottleneck (a client process near 100% CPU) in: ${clientBound.join('; ')}\n`
      : 'client side was not the bottleneck (every client process stayed below 90% of a core)\n',
  );
  const busy = runs.flatMap((r) => {
    const pct = deploymentCpuPct(r, DEFAULT_CLIENT_PROCESSES);
    return pct !== null && pct >= MACHINE_BUSY_SHARE * machine.cores * 100
      ? [`${r.stack} C=${r.clients} R=${r.rate} (${pct.toFixed(0)}%)`]
      : [];
  });
  if (busy.length > 0)
    process.stdout.write(
      `the machine was near saturation (server + client processes >= ${MACHINE_BUSY_SHARE * 100}% of ${machine.cores * 100}%) in: ${busy.join('; ')}\n`,
    );
  const behind = runs
    .filter(fellBehind)
    .map((r) => `${r.stack} C=${r.clients} R=${r.rate} (${fixed(r.maxLagMs, 0)} ms)`);
  if (behind.length > 0)
    process.stdout.write(
      `the server fell ${SCHEDULE_LAG_INTERVALS} or more send intervals behind its schedule, then sent late events back to back, in: ${behind.join('; ')}\n`,
    );
  if (replay.length > 0)
    print('Replay catch-up (from reconnect until each client holds the last event)', replayTable(replay));
  if (validation) print('Validation', validationTable(validation));
  if (clientFrame)
    print('Client work per frame (in process, no network)', clientFrameTable(clientFrame, clientFrameCold));
  if (bundle) print('Bundle', bundleTable(bundle));
  for (const u of out.unavailable) process.stdout.write(`${u.stack}: ${u.reason}\n`);
  if (targets.length > 0) print('Targets (paired ratios: median [min-max] over repetitions)', targetsTable(targets));
  process.stdout.write(`\nJSON: ${options.out} (${out.durationSec} s)\n`);

  const errors = [...runs, ...replay].flatMap((r) => r.errors.map((e) => `${r.stack}: ${e}`));
  for (const error of errors) process.stderr.write(`error: ${error}\n`);
  return errors.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    killAllChildren();
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    killAllChildren();
    process.exit(1);
  },
);
