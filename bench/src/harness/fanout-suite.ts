import type { BenchOptions } from '../options.js';
import type { Rate } from '../ipc/protocol.js';
import { type FanoutRow, fanoutRow } from '../report/rows.js';
import { sleep } from '../clock.js';
import {
  type FanoutFigures,
  type FanoutPlan,
  type IdleMemory,
  measureIdleMemory,
  RSS_MIN_CLIENTS,
  runFanout,
  warmUpFanout,
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
   * Warm-up bursts (fewer with --quick): 1,200 events reach the first `warmupClients` before measuring, sent by the
   * pacer that sends the measured ones. Code that runs once per event (the broadcast path, not the per-socket send)
   * gets hot for V8's optimizing compiler only after 650 to 900 events in the servers (seen with `--trace-opt`); with
   * 600, those compiles (3 to 12 ms each, on a thread that shares the 2 cores) landed in the measured window at R = 10
   * and 100 and made events late, and one late event is the whole p99 of a 100-event run.
   */
  warmupRounds: { quick: 2, full: 40 },
  /**
   * The clients the `warmupRounds` go to: the once-per-event code needs events, not deliveries, and 1,200 events to a
   * room of 1,000 took 15 to 25 s of the run's time per stack.
   */
  warmupClients: 100,
  /** Then bursts to the whole room: every socket's send path and every client has run before measuring. */
  roomWarmupRounds: { quick: 1, full: 5 },
} as const;

type Key = { clients: number; rate: Rate };

/** A breath between two rates on one deployment, for the clients' last progress reports and the sockets to settle. */
const RATE_PAUSE_MS = 250;
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
 * Every repetition runs every C on every stack back to back, in the {@link repetitionOrder}, so a slow spell of the
 * machine hits the stacks of a pair alike and paired ratios stay meaningful. Each (stack, C) gets fresh processes,
 * connected and warmed up once, that then measure every rate in turn (lowest first): connecting and warming up 1,000
 * clients takes longer than measuring a rate, and every stack is measured the same way.
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
  const drainTimeoutMs = options.quick ? FANOUT_LIMITS.drainTimeoutMs.quick : FANOUT_LIMITS.drainTimeoutMs.full;
  const planFor = ({ clients, rate }: Key): FanoutPlan => ({
    clients,
    rate,
    durationMs: options.durationMs(rate),
    drainTimeoutMs,
    connectTimeoutMs: FANOUT_LIMITS.connectTimeoutMs,
    maxDeliveries: FANOUT_LIMITS.maxDeliveries,
    window: Math.max(1, Math.round(FANOUT_LIMITS.windowDeliveries / clients)),
    warmupEvents: FANOUT_LIMITS.warmupEvents,
    warmupRounds: FANOUT_LIMITS.warmupRounds[options.quick ? 'quick' : 'full'],
    warmupClients: FANOUT_LIMITS.warmupClients,
    roomWarmupRounds: FANOUT_LIMITS.roomWarmupRounds[options.quick ? 'quick' : 'full'],
  });
  const record = (id: string, figures: FanoutFigures | null, error?: string) => {
    reps.set(id, [...(reps.get(id) ?? []), figures]);
    if (error !== undefined) errors.set(id, [...(errors.get(id) ?? []), error]);
  };

  for (let rep = 0; rep < options.repetitions; rep++) {
    const order = repetitionOrder(runnable, rep);
    for (const clients of options.clients) {
      for (const prepared of order) {
        const name = prepared.stack.name;
        const rates = options.rates.map((rate) => ({ clients, rate }));
        const label = (rate: Rate | null) =>
          `fanout ${name} C=${clients}${rate === null ? '' : ` R=${formatRate(rate)}`} rep ${rep + 1}/${options.repetitions}`;
        // Idle memory on a deployment of its own: its forced GCs stay out of the speed runs.
        let idle: IdleMemory | null = null;
        if (clients >= RSS_MIN_CLIENTS) {
          const plan = { clients, connectTimeoutMs: FANOUT_LIMITS.connectTimeoutMs };
          idle = await withDeployment(prepared, execArgv, (d) => measureIdleMemory(d, plan)).catch((error) => {
            log(`memory ${name} C=${clients} rep ${rep + 1}: FAILED ${String(error)}`);
            return null;
          });
        }
        const measured = new Set<Rate>();
        try {
          await withDeployment(prepared, execArgv, async (deployment) => {
            await warmUpFanout(deployment, planFor(rates[0]!));
            for (const key of rates) {
              const figures: FanoutFigures = {
                ...(await runFanout(deployment, planFor(key))),
                rssPerConnKB: idle?.rssPerConnKB ?? null,
                rssPerAddedConnKB: idle?.rssPerAddedConnKB ?? null,
              };
              measured.add(key.rate);
              record(keyOf(name, key), figures);
              log(
                `${label(key.rate)}: p99 ${figures.p99Ms.toFixed(1)} ms, ${Math.round(figures.deliveriesPerSec)}/s, ` +
                  `${figures.cpuMsPer1k.toFixed(1)} cpu-ms/1k, lost ${figures.lostTotal}`,
              );
              await sleep(RATE_PAUSE_MS);
            }
          });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          log(`${label(null)}: FAILED ${message}`);
          for (const key of rates) if (!measured.has(key.rate)) record(keyOf(name, key), null, message);
        }
      }
    }
  }

  return runnable.flatMap(({ stack }) =>
    keys.map((key) =>
      fanoutRow(
        { stack: stack.name, ...key },
        reps.get(keyOf(stack.name, key)) ?? [],
        {
          [WS_ONCE]: reps.get(keyOf(WS_ONCE, key)),
          [SOCKET_IO]: reps.get(keyOf(SOCKET_IO, key)),
          ...(stack.pairedWith ? { [stack.pairedWith]: reps.get(keyOf(stack.pairedWith, key)) } : {}),
        },
        errors.get(keyOf(stack.name, key)) ?? [],
      ),
    ),
  );
}
