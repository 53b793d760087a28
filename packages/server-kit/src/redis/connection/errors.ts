import { StoreUnavailableError } from '../../errors.js';

/**
 * Redis is unreachable (connection refused, lost, offline, or a command timed out); nothing was applied,
 * or the outcome is unknown and was not reported as done. The hub answers `error:general` `unavailable`.
 */
export class RedisUnavailableError extends StoreUnavailableError {
  override name = 'RedisUnavailableError';
  /** The Redis command that failed, e.g. `EVALSHA`. */
  readonly command: string;
  constructor(command: string, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`Redis unavailable (${command})${reason}`, options);
    this.command = command;
  }
}

/** Redis answered with an error reply (a bug or misconfiguration, not an outage). */
export class RedisReplyError extends Error {
  override name = 'RedisReplyError';
  readonly code = 'internal' as const;
  readonly command: string;
  constructor(command: string, options: { cause: unknown }) {
    super(
      `Redis error reply to ${command}: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`,
      options,
    );
    this.command = command;
  }
}

/** Replies that mean "the server is there but cannot serve now". */
const TRANSIENT_REPLY = /^(LOADING|MASTERDOWN|BUSY|TRYAGAIN|CLUSTERDOWN|READONLY)\b/;

/** Whether an error is a Redis error reply (node-redis `ErrorReply` and subclasses), by prototype chain name. */
export function isErrorReply(error: unknown): error is Error {
  let proto: unknown = error instanceof Error ? Object.getPrototypeOf(error) : undefined;
  while (proto && proto !== Error.prototype) {
    const name = (proto as { constructor?: { name?: string } }).constructor?.name;
    if (name === 'ErrorReply') return true;
    proto = Object.getPrototypeOf(proto);
  }
  return false;
}

/** Maps a failed command's error to `RedisUnavailableError` (transport) or `RedisReplyError` (reply). */
export function toRedisError(command: string, error: unknown): Error {
  if (error instanceof RedisUnavailableError || error instanceof RedisReplyError) return error;
  if (isErrorReply(error) && !TRANSIENT_REPLY.test(error.message))
    return new RedisReplyError(command, { cause: error });
  return new RedisUnavailableError(command, { cause: error });
}
