import type { Rate } from '../ipc/protocol.js';
import type { FanoutFigures } from '../scenarios/fanout.js';
import type { ReplayFigures } from '../scenarios/replay.js';
import { pairedRatio } from '../stats/ratios.js';
import { type Spread, spread } from '../stats/repetitions.js';

/** Fan-out figures that get a median/min/max and ratios. */
export const FANOUT_FIELDS = [
  'p50Ms',
  'p95Ms',
  'p99Ms',
  'maxMs',
  'deliveriesPerSec',
  'cpuMsPer1k',
  'userCpuMsPer1k',
  'rssPerConnKB',
  'rssPerAddedConnKB',
  'lost',
  'serverCpuPct',
  'clientCpuPct',
  'maxLagMs',
] as const satisfies readonly (keyof FanoutFigures)[];
export type FanoutField = (typeof FANOUT_FIELDS)[number];

/** Replay figures that get a median/min/max and ratios. */
export const REPLAY_FIELDS = [
  'p50Ms',
  'p95Ms',
  'p99Ms',
  'maxMs',
  'cpuUsPerReplayed',
] as const satisfies readonly (keyof ReplayFigures)[];
export type ReplayField = (typeof REPLAY_FIELDS)[number];

/** A busy client process above this CPU % means the client side may have been the bottleneck. */
export const CLIENT_BOUND_CPU_PCT = 90;

/** Server and client processes together above this share of all cores: the machine itself was the bottleneck. */
export const MACHINE_BUSY_SHARE = 0.9;

/** At a fixed rate, a server this many send intervals or more behind its schedule at worst is named in the report. */
export const SCHEDULE_LAG_INTERVALS = 5;

/**
 * Whether the server fell behind its send schedule (a fixed rate only) by {@link SCHEDULE_LAG_INTERVALS} send
 * intervals or more at worst, in the median repetition: it then sent late events back to back.
 */
export function fellBehind(row: FanoutRow): boolean {
  return typeof row.rate === 'number' && (row.maxLagMs ?? 0) >= (SCHEDULE_LAG_INTERVALS * 1000) / row.rate;
}

/**
 * An upper bound on the whole deployment's CPU % (100 per core): the server's plus `clientProcesses` times the
 * busiest client process's. `null` when a figure is missing.
 */
export function deploymentCpuPct(row: FanoutRow, clientProcesses: number): number | null {
  if (row.serverCpuPct === null || row.clientCpuPct === null) return null;
  return row.serverCpuPct + clientProcesses * row.clientCpuPct;
}

/** One row of `runs` in the JSON: each figure is the median of the repetitions. */
export type FanoutRow = { stack: string; clients: number; rate: Rate; repetitions: number } & Record<
  FanoutField,
  number | null
> & {
    duplicates: number;
    clientBound: boolean;
    spread: Record<FanoutField, Spread | null>;
    ratios: Record<string, Partial<Record<FanoutField, Spread | null>>>;
    errors: string[];
  };

export type ReplayRow = { stack: string; clients: number; missed: number; repetitions: number } & Record<
  ReplayField,
  number | null
> & {
    behind: number;
    lostTotal: number;
    duplicates: number;
    recovered: number;
    /** Catch-up ms at the quantiles 0, 5, …, 100 %, each the median over the repetitions (for the chart). */
    catchUpQuantilesMs: number[];
    spread: Record<ReplayField, Spread | null>;
    ratios: Record<string, Partial<Record<ReplayField, Spread | null>>>;
    errors: string[];
  };

/** Figures that have ratios against the baselines. */
const RATIO_FIELDS: readonly FanoutField[] = [
  'p50Ms',
  'p99Ms',
  'deliveriesPerSec',
  'cpuMsPer1k',
  'rssPerConnKB',
  'rssPerAddedConnKB',
];

type Reps<F extends string> = ReadonlyArray<Readonly<Record<F, number | null>> | null>;

function column<F extends string>(reps: Reps<F>, field: F): (number | null)[] {
  return reps.map((r) => (r ? r[field] : null));
}

function summarize<F extends string>(reps: Reps<F>, fields: readonly F[]) {
  const spreads = {} as Record<F, Spread | null>;
  const medians = {} as Record<F, number | null>;
  for (const field of fields) {
    spreads[field] = spread(column(reps, field));
    medians[field] = spreads[field]?.median ?? null;
  }
  return { spreads, medians };
}

function ratiosAgainst<F extends string>(
  reps: Reps<F>,
  baselines: Record<string, Reps<F> | undefined>,
  fields: readonly F[],
) {
  const out: Record<string, Partial<Record<F, Spread | null>>> = {};
  for (const [name, base] of Object.entries(baselines)) {
    if (!base) continue;
    const ratios: Partial<Record<F, Spread | null>> = {};
    for (const field of fields) ratios[field] = pairedRatio(column(reps, field), column(base, field));
    out[name] = ratios;
  }
  return out;
}

/** Builds a `runs` row from the repetitions of one (stack, clients, rate) and those of the baselines. */
export function fanoutRow(
  key: { stack: string; clients: number; rate: Rate },
  reps: ReadonlyArray<FanoutFigures | null>,
  baselines: Record<string, ReadonlyArray<FanoutFigures | null> | undefined>,
  errors: string[],
): FanoutRow {
  const { spreads, medians } = summarize<FanoutField>(reps, FANOUT_FIELDS);
  return {
    ...key,
    repetitions: reps.filter(Boolean).length,
    ...medians,
    duplicates: reps.reduce((n, r) => n + (r?.duplicates ?? 0), 0),
    clientBound: (medians.clientCpuPct ?? 0) >= CLIENT_BOUND_CPU_PCT,
    spread: spreads,
    ratios: ratiosAgainst<FanoutField>(reps, baselines, RATIO_FIELDS),
    errors,
  };
}

/** The element-wise median of equally long quantile lists; empty when there are none. */
function medianQuantiles(lists: number[][]): number[] {
  const first = lists[0];
  return first ? first.map((_, i) => spread(lists.map((q) => q[i]))?.median ?? Number.NaN) : [];
}

/** Builds a `replay` row. */
export function replayRow(
  key: { stack: string; clients: number; missed: number },
  reps: ReadonlyArray<ReplayFigures | null>,
  baselines: Record<string, ReadonlyArray<ReplayFigures | null> | undefined>,
  errors: string[],
): ReplayRow {
  const { spreads, medians } = summarize<ReplayField>(reps, REPLAY_FIELDS);
  const sum = (f: (r: ReplayFigures) => number) => reps.reduce((n, r) => n + (r ? f(r) : 0), 0);
  return {
    ...key,
    repetitions: reps.filter(Boolean).length,
    ...medians,
    behind: sum((r) => r.behind),
    lostTotal: sum((r) => r.lostTotal),
    duplicates: sum((r) => r.duplicates),
    recovered: sum((r) => r.recovered),
    catchUpQuantilesMs: medianQuantiles(reps.flatMap((r) => (r && r.quantilesMs.length > 0 ? [r.quantilesMs] : []))),
    spread: spreads,
    ratios: ratiosAgainst<ReplayField>(reps, baselines, REPLAY_FIELDS),
    errors,
  };
}
