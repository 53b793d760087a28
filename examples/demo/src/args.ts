/** What `pnpm demo` was asked to do. */
export interface DemoArgs {
  /** Simulated participants. @default 50 */
  participants: number;
  /** Live ANSI view; off with `--no-tty`, when stdout is not a TTY, or when `CI` is set. */
  tty: boolean;
  /** Keep the server up with the browser pages instead of running the simulation. */
  serve: boolean;
  /** Seed of the audience's randomness (vote choices and timing). @default 1 */
  seed: number;
}

export const DEFAULT_DEMO_ARGS = { participants: 50, seed: 1 } as const;

export const DEMO_USAGE = `usage: pnpm demo [--participants N] [--seed N] [--no-tty] [--serve]
  --participants N  simulated participants (default 50, 5..2000)
  --seed N          seed of the simulated audience (default 1)
  --no-tty          plain log lines instead of the live view (automatic when not a TTY or CI is set)
  --serve           keep the server up with the browser pages (PORT, default 8080)`;

/** A command line the demo cannot run. */
export class DemoArgsError extends Error {
  override name = 'DemoArgsError';
  readonly code = 'invalid_args';
}

function integer(flag: string, value: string | undefined, min: number, max: number): number {
  const number = Number(value);
  if (value === undefined || !Number.isInteger(number) || number < min || number > max) {
    throw new DemoArgsError(`${flag} needs an integer from ${min} to ${max}`);
  }
  return number;
}

/**
 * Parses the demo's flags (`--flag value` or `--flag=value`; a bare `--` from `pnpm run` is ignored).
 *
 * @example
 * parseDemoArgs(['--participants', '10', '--no-tty'], { isTTY: true, env: {} });
 */
export function parseDemoArgs(
  argv: readonly string[],
  context: { isTTY: boolean; env: Readonly<Record<string, string | undefined>> },
): DemoArgs {
  const args: DemoArgs = {
    ...DEFAULT_DEMO_ARGS,
    tty: context.isTTY && !context.env.CI,
    serve: false,
  };
  const tokens = argv.flatMap((arg) => (arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg]));
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === '--') continue;
    if (token === '--participants') args.participants = integer(token, tokens[++i], 5, 2000);
    else if (token === '--seed') args.seed = integer(token, tokens[++i], 0, 2 ** 31);
    else if (token === '--no-tty') args.tty = false;
    else if (token === '--serve') args.serve = true;
    else throw new DemoArgsError(`unknown argument ${token}`);
  }
  return args;
}
