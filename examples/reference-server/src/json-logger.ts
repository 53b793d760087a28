import type { PollwireLogger } from '@pollwire/server-kit';

/** Levels of {@link createJsonLogger}, from the most verbose; `silent` writes nothing. */
export const LOG_LEVELS = ['info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface JsonLoggerOptions {
  /** Entries below it are dropped. @default 'info' */
  level?: LogLevel;
  /** Receives each line (with its `\n`). @default process.stdout.write */
  write?: (line: string) => void;
}

/** Errors as `{ name, message, code? }`: `JSON.stringify` turns an `Error` into `{}`. */
const serializeErrors = (_key: string, value: unknown) =>
  value instanceof Error
    ? { name: value.name, message: value.message, ...('code' in value ? { code: value.code } : {}) }
    : value;

/**
 * A pino-shaped logger writing one JSON object per line, `{ time, level, msg?, ...entry }`: enough for the reference
 * server's `main.ts`; an app would pass pino itself.
 *
 * @example
 * const server = await startReferenceServer({ logger: createJsonLogger({ level: 'warn' }) });
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): PollwireLogger {
  const threshold = LOG_LEVELS.indexOf(options.level ?? 'info');
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const at =
    (level: Exclude<LogLevel, 'silent'>) =>
    (entry: object, message?: string): void => {
      if (LOG_LEVELS.indexOf(level) < threshold) return;
      const record = { time: new Date().toISOString(), level, ...(message === undefined ? {} : { msg: message }) };
      write(`${JSON.stringify({ ...record, ...entry }, serializeErrors)}\n`);
    };
  return { info: at('info'), warn: at('warn'), error: at('error') };
}

/** Reads a {@link LogLevel}; throws on anything else, naming the variable. */
export function parseLogLevel(value: string | undefined, name = 'LOG_LEVEL'): LogLevel {
  if (value === undefined || value === '') return 'info';
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  throw new Error(`${name} must be one of ${LOG_LEVELS.join(', ')}, not '${value}'`);
}
