import type { BenchOptions } from '../options.js';
import type { Rate } from '../ipc/protocol.js';
import { type FanoutRow, fanoutRow } from '../report/rows.js';
import {
  type FanoutFigures,
  type FanoutPlan,
  type IdleMemory,
  measureIdleMemory,
  RSS_MIN_CLIENTS,
  runFanout,
} from '../scenarios/fanout.js';
import { SOCKET_IO, WS_ONCE } from './stacks.js';
import { type ExecArgvFor, type PreparedStack, formatRate, withDeployment } from './suite.js';

/** Fan-out timeouts and limits (bounded in time and memory). */
export const FANOUT_LIMITS = {
  connectTimeoutMs: 30_000,
  drainTimeoutMs: { quick: 8_000, full: 20_000 },
  maxDeliveries: 2_000_000,
  /**
   * At `max`, deliveries the server may have in flight ahead of the slowest client: a window of 10 events at
   * C = 1000, 100 at C = 100. Clients report progress every 20 ms, so a window of W events caps the rate at W / 20 ms:
   * a fixed 10 events held every stack at C = 100 to 50k deliveries/s.
   */
  windowDeliveries: 10_000,
  /** Events sent (and delivered) before measuring, so no stack's figures include its JIT warm-up. */
  warmupEvents: 30,
  /**
   * Warm-up bursts (fewer with --quick): 1,200 events reach each client before measuring, sent by the pacer that
   * sends the measured ones. Code that runs once per event (the broadcast path, not the per-socket send) gets hot for
   * V8's optimizing compiler only after 650 to 900 events in the servers (seen with `--trace-opt`); with 600, those
   * compiles (3 to 12 ms each, on a thread that shares the 2 cores) landed in the measured window at R = 10 and 100
   * and made events late, and one late event is the whole p99 of a 100-event run.
   */
  warmupRounds: { quick: 2, full: 40 },
} as const;

type Key = { clients: number; rate: Rate };
const keyOf = (stack: string, k: Key) => `${stack}|${k.clients}|${k.rate}`;

/**
 * The order of the stacks in repetition `rep` (from 0): as listed in even ones, reversed in odd ones. Paired stacks
 * then run next to each other (a slow spell of a shared machine lasts minutes and hits both), and neither of a pair
 * always runs first, so what one run leaves behind (exiting processes, sockets closing) weighs on each alike.
 */
export function repetitionOrder<T>(stacks: readonly T[], rep: number): T[] {
  return rep % 2 === 0 ? [...stacks] : [...stacks].reverse();
}

/**
 * Every repetition runs every (clients, rate) on every stack back to back, each on fresh processes, in the
 * {@link repetitionOrder}, so a slow spell of the machine hits the stacks of a pair alike and paired ratios stay
 * meaningful.
 */
export async function runFanoutSuite(
  options: BenchOptions,
  stacks: PreparedStack[],
  execArgv: ExecArgvFor,
  log: (line: string) => void,
): Promise<FanoutRow[]> {
  const keys: Key[] = options.clients.flatMap((clients) => options.rates.map((rate) => ({ clients, rate })));
  const reps = new Map<string, (FanoutFigures | null)[]>();
  const errors = new Map<string, string[]>();
  const runnable = stacks.filter((s): s is Extract<PreparedStack, { ok: true }> => s.ok);

  for (let rep = 0; rep < options.repetitions; rep++) {
    // Idle memory once per stack and C in each repetition, on its own deployment (its forced GCs stay out of the runs).
    const memory = new Map<string, IdleMemory | null>();
    const idleMemory = async (prepared: (typeof runnable)[number], clients: number) => {
      const id = `${prepared.stack.name}|${clients}`;
      if (clients < RSS_MIN_CLIENTS) return null;
      if (!memory.has(id)) {
        const plan = { clients, connectTimeoutMs: FANOUT_LIMITS.connectTimeoutMs };
        const measured = await withDeployment(prepared, execArgv, (d) => measureIdleMemory(d, plan)).catch(
          (error: unknown) => {
            log(`memory ${prepared.stack.name} C=${clients} rep ${rep + 1}: FAILED ${String(error)}`);
            return null;
          },
        );
        memory.set(id, measured);
      }
      return memory.get(id) ?? null;
    };
    const order = repetitionOrder(runnable, rep);
    for (const key of keys) {
      for (const prepared of order) {
        const id = keyOf(prepared.stack.name, key);
        const plan: FanoutPlan = {
          clients: key.clients,
          rate: key.rate,
          durationMs: options.durationMs(key.rate),
          drainTimeoutMs: options.quick ? FANOUT_LIMITS.drainTimeoutMs.quick : FANOUT_LIMITS.drainTimeoutMs.full,
          connectTimeoutMs: FANOUT_LIMITS.connectTimeoutMs,
          maxDeliveries: FANOUT_LIMITS.maxDeliveries,
          window: Math.max(1, Math.round(FANOUT_LIMITS.windowDeliveries / key.clients)),
          warmupEvents: FANOUT_LIMITS.warmupEvents,
          warmupRounds: FANOUT_LIMITS.warmupRounds[options.quick ? 'quick' : 'full'],
        };
        const label = `fanout ${prepared.stack.name} C=${key.clients} R=${formatRate(key.rate)} rep ${rep + 1}/${options.repetitions}`;
        let figures: FanoutFigures | null = null;
        try {
          const idle = await idleMemory(prepared, key.clients);
          figures = {
            ...(await withDeployment(prepared, execArgv, (d) => runFanout(d, plan))),
            rssPerConnKB: idle?.rssPerConnKB ?? null,
            rssPerAddedConnKB: idle?.rssPerAddedConnKB ?? null,
          };
          log(
            `${label}: p99 ${figures.p99Ms.toFixed(1)} ms, ${Math.round(figures.deliveriesPerSec)}/s, ` +
              `${figures.cpuMsPer1k.toFixed(1)} cpu-ms/1k, lost ${figures.lostTotal}`,
          );
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          log(`${label}: FAILED ${message}`);
          errors.set(id, [...(errors.get(id) ?? []), message]);
        }
        reps.set(id, [...(reps.get(id) ?? []), figures]);
      }
    }
  }

  return runnable.flatMap(({ stack }) =>
    keys.map((key) =>
      fanoutRow(
        { stack: stack.name, ...key },
        reps.get(keyOf(stack.name, key)) ?? [],
        { [WS_ONCE]: reps.get(keyOf(WS_ONCE, key)), [SOCKET_IO]: reps.get(keyOf(SOCKET_IO, key)) },
        errors.get(keyOf(stack.name, key)) ?? [],
      ),
    ),
  );
}
