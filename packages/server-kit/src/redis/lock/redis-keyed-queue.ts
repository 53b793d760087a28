import { randomBytes } from 'node:crypto';
import { createKeyedQueue, type KeyedQueue } from '../../util/keyed-queue.js';
import type { RedisCommandClient } from '../connection/client.js';
import { createRedisCommands, type RedisCommandsOptions } from '../connection/commands.js';
import { RedisUnavailableError } from '../connection/errors.js';
import { createRedisKeys, DEFAULT_KEY_PREFIX } from '../keys.js';
import { releaseLockScript } from './lock-scripts.js';

/** 10 s: far longer than one session operation (a few round trips); bounds a dead holder's lock. */
export const DEFAULT_LOCK_TTL_MS = 10_000;
/** 5 s: how long a task waits for another node's lock before failing `unavailable`. */
export const DEFAULT_LOCK_WAIT_MS = 5_000;

export interface RedisKeyedQueueOptions extends RedisCommandsOptions {
  client: RedisCommandClient;
  /** @default 'pollwire:' */
  prefix?: string;
  /**
   * Lock expiry: a node that dies holding it blocks the session at most this long. Tasks must finish within it.
   * @default 10_000
   */
  lockTtlMs?: number;
  /** @default 5_000 */
  waitMs?: number;
  /** @default setTimeout-based sleep */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The hub's per-session `KeyedQueue` across nodes: tasks of one key run one at a time cluster-wide (a local
 * queue, then a Redis lock `SET NX PX` with an owner token). It keeps a session's read-check-write sequences
 * (state transitions, vote then its broadcast) atomic when two nodes serve the same session, so broadcasts
 * reach the log in the order their effects happened (e.g. `currentVoteCount` never goes backwards).
 *
 * @example
 * const queue = createRedisKeyedQueue({ client });
 * const pollwire = createPollwire({ queue, log, sessionStore, voteStore });
 */
export function createRedisKeyedQueue(options: RedisKeyedQueueOptions): KeyedQueue {
  const keys = createRedisKeys(options.prefix ?? DEFAULT_KEY_PREFIX);
  const commands = createRedisCommands(options.client, options);
  const ttl = String(options.lockTtlMs ?? DEFAULT_LOCK_TTL_MS);
  const waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const sleep = options.sleep ?? defaultSleep;
  const local = createKeyedQueue();

  const acquire = async (lock: string, token: string) => {
    const deadline = Date.now() + waitMs;
    for (let delay = 1; ; delay = Math.min(delay * 2, 25)) {
      if ((await commands.call(['SET', lock, token, 'NX', 'PX', ttl])) !== null) return;
      if (Date.now() > deadline) {
        throw new RedisUnavailableError('SET NX', { cause: new Error(`lock ${lock} still held after ${waitMs} ms`) });
      }
      await sleep(delay);
    }
  };

  return {
    run(key, task) {
      return local.run(key, async () => {
        const lock = keys.session(key, 'lock');
        const token = randomBytes(8).toString('hex');
        await acquire(lock, token);
        try {
          return await task();
        } finally {
          await commands.eval(releaseLockScript, [lock], [token]).catch(() => {
            // The lock expires by itself (ttl).
          });
        }
      });
    },
  };
}
