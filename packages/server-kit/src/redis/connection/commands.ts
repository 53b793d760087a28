import type { MeterProvider } from '@opentelemetry/api';
import { createPollwireMetrics } from '../../telemetry/metrics.js';
import type { RedisCommandClient } from './client.js';
import { RedisUnavailableError, isErrorReply, toRedisError } from './errors.js';
import type { LuaScript } from './script.js';

/** 5 s: longer than any healthy command, short enough that a caller is not left hanging. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 5_000;

export interface RedisCommandsOptions {
  /**
   * A command without a reply after this long rejects with `RedisUnavailableError`. `0` disables it.
   * @default 5_000
   */
  commandTimeoutMs?: number;
  /** Where failed commands are counted (`pollwire.redis.errors`). @default the global meter provider */
  meterProvider?: MeterProvider;
}

/** Raw commands and scripts with errors mapped to typed errors. */
export interface RedisCommands {
  call(args: ReadonlyArray<string>): Promise<unknown>;
  /** Runs a script with `EVALSHA`, falling back to `EVAL` once when Redis lost its script cache. */
  eval(script: LuaScript, keys: ReadonlyArray<string>, args: ReadonlyArray<string>): Promise<unknown>;
}

/**
 * Wraps a client: fails fast while it is not ready (node-redis would otherwise queue the command until a
 * reconnect, long after the caller was answered), bounds each command in time, and maps errors to
 * `RedisUnavailableError` / `RedisReplyError`.
 */
export function createRedisCommands(client: RedisCommandClient, options: RedisCommandsOptions = {}): RedisCommands {
  const timeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  /** Counts a failure, and passes the mapped error on. */
  const failed = (error: Error): Error => {
    createPollwireMetrics(options.meterProvider).redisError(
      error instanceof RedisUnavailableError ? 'unavailable' : 'reply',
    );
    return error;
  };

  const send = (args: ReadonlyArray<string>): Promise<unknown> => {
    const command = args[0] ?? '';
    if (client.isReady === false) {
      return Promise.reject(new RedisUnavailableError(command, { cause: new Error('client not ready') }));
    }
    const reply = client.sendCommand(args);
    if (timeoutMs <= 0) return reply;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new RedisUnavailableError(command, { cause: new Error(`no reply within ${timeoutMs} ms`) })),
        timeoutMs,
      );
      timer.unref?.();
    });
    return Promise.race([reply, timeout]).finally(() => clearTimeout(timer));
  };

  const call = async (args: ReadonlyArray<string>) => {
    try {
      return await send(args);
    } catch (error) {
      throw failed(toRedisError(args[0] ?? '', error));
    }
  };

  return {
    call,
    async eval(script, keys, args) {
      const tail = [String(keys.length), ...keys, ...args];
      try {
        return await send(['EVALSHA', script.sha1, ...tail]);
      } catch (error) {
        if (!(isErrorReply(error) && error.message.startsWith('NOSCRIPT')))
          throw failed(toRedisError(`EVALSHA ${script.name}`, error));
      }
      try {
        return await send(['EVAL', script.source, ...tail]);
      } catch (error) {
        throw failed(toRedisError(`EVAL ${script.name}`, error));
      }
    },
  };
}
