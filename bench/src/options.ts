import { parseArgs } from 'node:util';
import type { Rate } from './ipc/protocol.js';

export interface BenchOptions {
  quick: boolean;
  /** JSON output path. @default 'bench/results/latest.json' */
  out: string;
  /** Repetitions of every fan-out and replay measurement. @default 3 (1 with --quick) */
  repetitions: number;
  clients: number[];
  rates: Rate[];
  /** Fan-out duration per rate (ms). */
  durationMs: (rate: Rate) => number;
  /** Only these stacks (by name); all when empty. */
  stacks: string[];
  /** Replay scenarios: clients x missed events. */
  replay: { clients: number; missed: number }[];
  /** Write server CPU profiles (`--cpu-prof`) to `bench/results/profiles/<stack>/server`. @default false */
  profile: boolean;
  /** Write client-process CPU profiles to `bench/results/profiles/<stack>/clients`. @default false */
  profileClients: boolean;
  /** Extra Node flags for every server process, e.g. `--trace-gc-nvp` (its output goes to the bench's stdout). @default [] */
  serverFlags: string[];
  /** Extra Node flags for every client process, as `serverFlags` for the servers. @default [] */
  clientFlags: string[];
  /** Sections to skip. */
  skip: Set<'fanout' | 'replay' | 'validation' | 'bundle'>;
}

export const DEFAULT_OUT = new URL('../results/latest.json', import.meta.url).pathname;
export const PROFILE_DIR = new URL('../results/profiles', import.meta.url).pathname;

const FULL = {
  repetitions: 3,
  clients: [100, 1000],
  rates: [10, 100, 'max'] as Rate[],
  durationMs: (rate: Rate) => (rate === 10 ? 10_000 : 5_000),
  replay: [
    { clients: 100, missed: 1000 },
    { clients: 500, missed: 200 },
  ],
};

/** Short enough for CI (< 2 minutes on 2 cores): fixed rates only, one repetition, a small replay. */
const QUICK = {
  repetitions: 1,
  clients: [100, 1000],
  rates: [10, 100] as Rate[],
  durationMs: (rate: Rate) => (rate === 10 ? 2_000 : 1_500),
  replay: [{ clients: 100, missed: 200 }],
};

const USAGE = `usage: pnpm bench [--quick] [--out <path>] [--repetitions <n>] [--clients 100,1000]
                  [--rates 10,100,max] [--stacks ws-once,socket.io,...] [--replay 100x1000,500x200]
                  [--skip replay,bundle,...] [--profile] [--profile-clients]
                  [--server-flags="--trace-gc-nvp ..."] [--client-flags="--trace-gc ..."]`;

function list(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got ${text}\n${USAGE}`);
  return n;
}

/** Node flags only: anything else would be taken for the entry's arguments. */
function nodeFlags(text: string | undefined, option: string): string[] {
  const flags = text?.split(/\s+/).filter(Boolean) ?? [];
  const stray = flags.find((flag) => !flag.startsWith('--'));
  if (stray !== undefined) throw new Error(`${option} takes Node flags (--name[=value]), got ${stray}\n${USAGE}`);
  return flags;
}

/** Parses the command line (a leading `--` from `pnpm run x -- …` is ignored). */
export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      repetitions: { type: 'string' },
      clients: { type: 'string' },
      rates: { type: 'string' },
      stacks: { type: 'string' },
      skip: { type: 'string' },
      replay: { type: 'string' },
      profile: { type: 'boolean', default: false },
      'profile-clients': { type: 'boolean', default: false },
      'server-flags': { type: 'string' },
      'client-flags': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const base = values.quick ? QUICK : FULL;
  const rates = list(values.rates)?.map((r): Rate => (r === 'max' ? 'max' : positiveInt(r, '--rates')));
  const skip = new Set(list(values.skip) ?? []) as BenchOptions['skip'];
  return {
    quick: values.quick,
    out: values.out ?? DEFAULT_OUT,
    repetitions: values.repetitions ? positiveInt(values.repetitions, '--repetitions') : base.repetitions,
    clients: list(values.clients)?.map((c) => positiveInt(c, '--clients')) ?? base.clients,
    rates: rates ?? base.rates,
    durationMs: base.durationMs,
    stacks: list(values.stacks) ?? [],
    replay:
      list(values.replay)?.map((scenario) => {
        const [clients = '', missed = ''] = scenario.split('x');
        return { clients: positiveInt(clients, '--replay'), missed: positiveInt(missed, '--replay') };
      }) ?? base.replay,
    profile: values.profile,
    profileClients: values['profile-clients'],
    serverFlags: nodeFlags(values['server-flags'], '--server-flags'),
    clientFlags: nodeFlags(values['client-flags'], '--client-flags'),
    skip,
  };
}
