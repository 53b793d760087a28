import type { BenchOptions } from '../options.js';
import { type ReplayRow, replayRow } from '../report/rows.js';
import { type ReplayFigures, runReplay } from '../scenarios/replay.js';
import { SOCKET_IO_RECOVERY, WS_ONCE_LOG } from './stacks.js';
import { type ExecArgvFor, type PreparedStack, withDeployment } from './suite.js';

export const REPLAY_LIMITS = { connectTimeoutMs: 30_000, catchUpTimeoutMs: 60_000 } as const;
/** Replay rows carry ratios against these stacks. */
export const REPLAY_BASELINES = [WS_ONCE_LOG, SOCKET_IO_RECOVERY] as const;

/** Replay catch-up, repetitions interleaved across stacks like the fan-out suite. */
export async function runReplaySuite(
  options: BenchOptions,
  stacks: PreparedStack[],
  execArgv: ExecArgvFor,
  log: (line: string) => void,
): Promise<ReplayRow[]> {
  const runnable = stacks.filter((s): s is Extract<PreparedStack, { ok: true }> => s.ok);
  const reps = new Map<string, (ReplayFigures | null)[]>();
  const errors = new Map<string, string[]>();
  const id = (stack: string, c: { clients: number; missed: number }) => `${stack}|${c.clients}|${c.missed}`;

  for (let rep = 0; rep < options.repetitions; rep++) {
    for (const scenario of options.replay) {
      for (const prepared of runnable) {
        const key = id(prepared.stack.name, scenario);
        const label = `replay ${prepared.stack.name} ${scenario.clients} x ${scenario.missed} rep ${rep + 1}/${options.repetitions}`;
        let figures: ReplayFigures | null = null;
        try {
          figures = await withDeployment(prepared, execArgv, (d) => runReplay(d, { ...scenario, ...REPLAY_LIMITS }));
          log(
            `${label}: p95 ${figures.p95Ms.toFixed(0)} ms, ${figures.cpuUsPerReplayed.toFixed(1)} cpu-us/replayed, ` +
              `behind ${figures.behind}, lost ${figures.lostTotal}`,
          );
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          log(`${label}: FAILED ${message}`);
          errors.set(key, [...(errors.get(key) ?? []), message]);
        }
        reps.set(key, [...(reps.get(key) ?? []), figures]);
      }
    }
  }

  return runnable.flatMap(({ stack }) =>
    options.replay.map((scenario) =>
      replayRow(
        { stack: stack.name, ...scenario },
        reps.get(id(stack.name, scenario)) ?? [],
        Object.fromEntries(REPLAY_BASELINES.map((b) => [b, reps.get(id(b, scenario))])),
        errors.get(id(stack.name, scenario)) ?? [],
      ),
    ),
  );
}
