import type { MeterProvider } from '@opentelemetry/api';
import { createPollwireMetrics } from '../../telemetry/metrics.js';
import type { LogHead, LoggedEvent } from '../../log/types.js';
import type { RedisDuplicableClient, RedisOwnedConnection } from '../connection/client.js';
import type { RedisCommands } from '../connection/commands.js';
import type { RedisKeys } from '../keys.js';
import { fieldOf } from '../log/stream-entry.js';
import { xreadStreams } from './xread-reply.js';

/** 2 s: the longest a new subscription waits if `CLIENT UNBLOCK` misses the read it meant to interrupt. */
export const DEFAULT_FAN_OUT_BLOCK_MS = 2_000;
export const DEFAULT_FAN_OUT_CONNECTION_NAME = 'pollwire-fan-out';
export const DEFAULT_FAN_OUT_BATCH_SIZE = 500;
export const DEFAULT_FAN_OUT_RETRY_DELAY_MS = 100;
export const DEFAULT_FAN_OUT_MAX_RETRY_DELAY_MS = 2_000;

export interface StreamFanOutOptions {
  /** Its `duplicate()` becomes the dedicated blocking connection. */
  client: RedisDuplicableClient;
  keys: RedisKeys;
  /** Non-blocking commands (epoch checks, `CLIENT UNBLOCK`) on the shared client. */
  commands: RedisCommands;
  /**
   * `XREAD BLOCK` timeout; each timeout also re-checks the hosted sessions' epochs.
   * @default 2_000
   */
  blockMs?: number;
  /**
   * Entries per stream per read.
   * @default 500
   */
  batchSize?: number;
  /**
   * First retry delay after a failed read, doubled up to `maxRetryDelayMs`.
   * @default 100
   */
  retryDelayMs?: number;
  /** @default 2_000 */
  maxRetryDelayMs?: number;
  /** Reads a session's head for sessions added without one. */
  loadHead?: (sessionId: string) => Promise<LogHead>;
  /** Read failures (connection lost...) and listener exceptions; the reader retries by itself. */
  onError?: (error: unknown) => void;
  /**
   * A session's log got a new epoch: Redis lost it (delivery restarts at seq 1) or restarted from an older
   * copy (delivery continues after the last restored seq; events delivered past it were lost). Hosts should
   * close the session's connections so clients resume and learn whether their cursor survived.
   */
  onEpochChange?: (sessionId: string, epoch: string) => void;
  /** Delivery skipped seqs (trimmed while this node could not read). */
  onGap?: (sessionId: string, expectedSeq: number, seq: number) => void;
  /**
   * `CLIENT SETNAME` of the blocking connection (shows in `CLIENT LIST`).
   * @default 'pollwire-fan-out'
   */
  connectionName?: string;
  /** @default setTimeout-based sleep */
  sleep?: (ms: number) => Promise<void>;
  /** Where reconnects of the blocking connection are counted (`pollwire.redis.reconnects`). @default the global one */
  meterProvider?: MeterProvider;
}

interface Listener {
  /** Deliver events after this seq; `undefined` until the session's head is known. */
  afterSeq: number | undefined;
  onEvent: (event: LoggedEvent) => void;
}

interface HostedSession {
  sessionId: string;
  key: string;
  /** `undefined` until the head could be read (Redis was unreachable when the session was added). */
  epoch: string | undefined;
  /** Last seq delivered (the XREAD resume point). */
  lastSeq: number;
  listeners: Set<Listener>;
}

/** Cross-node fan-out of the session streams this node hosts. */
export interface StreamFanOut {
  /**
   * Delivers events after `head` to `onEvent`, in seq order, once. Without `head` (Redis unreachable), the
   * reader loads it with `loadHead` once Redis answers and delivers from there. Returns the unsubscribe function.
   */
  add(sessionId: string, head: LogHead | undefined, onEvent: (event: LoggedEvent) => void): () => void;
  /** Number of sessions being read. */
  readonly size: number;
  close(): Promise<void>;
}

const defaultSleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref?.();
  });

/**
 * Reads every hosted session's stream with one `XREAD BLOCK` on its own connection and delivers each
 * event once, in seq order. Adding a session interrupts the blocked read (`CLIENT UNBLOCK`). When the
 * connection drops (e.g. `CLIENT KILL`), the read is retried with backoff from the last delivered seq of
 * each session, so nothing is lost or repeated.
 */
export function createStreamFanOut(options: StreamFanOutOptions): StreamFanOut {
  const blockMs = String(options.blockMs ?? DEFAULT_FAN_OUT_BLOCK_MS);
  const batchSize = String(options.batchSize ?? DEFAULT_FAN_OUT_BATCH_SIZE);
  const retryDelayMs = options.retryDelayMs ?? DEFAULT_FAN_OUT_RETRY_DELAY_MS;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? DEFAULT_FAN_OUT_MAX_RETRY_DELAY_MS;
  const sleep = options.sleep ?? defaultSleep;
  const connectionName = options.connectionName ?? DEFAULT_FAN_OUT_CONNECTION_NAME;
  const report = (error: unknown) => options.onError?.(error);

  const sessions = new Map<string, HostedSession>();
  const byKey = new Map<string, HostedSession>();
  let connection: RedisOwnedConnection | undefined;
  let connectionId: string | undefined;
  let identified = false;
  let closed = false;
  /** Bumped on every change of the session set; a read built from an older one is stale. */
  let generation = 0;
  let readGeneration = -1;
  let reading = false;
  let wake: (() => void) | undefined;
  let loop: Promise<void> | undefined;

  const open = async (): Promise<RedisOwnedConnection> => {
    if (!connection) {
      const conn = options.client.duplicate();
      conn.on('error', report);
      connection = conn;
      await conn.connect();
    }
    if (connectionId === undefined) {
      await connection.sendCommand(['CLIENT', 'SETNAME', connectionName]);
      connectionId = String(await connection.sendCommand(['CLIENT', 'ID']));
      // Identified again after a failed read: the connection came back (or is a new one).
      if (identified) createPollwireMetrics(options.meterProvider).redisReconnect();
      identified = true;
    }
    return connection;
  };

  /** Delivers a read; returns `false` when an entry of another epoch showed up (check epochs first). */
  const deliver = (reply: unknown): boolean => {
    let consistent = true;
    for (const [key, entries] of xreadStreams(reply)) {
      const session = byKey.get(key);
      if (!session) continue;
      for (const [id, fields] of entries) {
        const seq = Number.parseInt(id, 10);
        if (seq <= session.lastSeq) continue;
        const eventId = fieldOf(fields, 'id');
        if (!eventId.startsWith(`${session.epoch}-`)) {
          consistent = false;
          break;
        }
        if (seq !== session.lastSeq + 1) options.onGap?.(session.sessionId, session.lastSeq + 1, seq);
        session.lastSeq = seq;
        const event: LoggedEvent = { seq, eventId, frame: fieldOf(fields, 'frame') };
        for (const listener of session.listeners) {
          if (listener.afterSeq === undefined || seq <= listener.afterSeq) continue;
          try {
            listener.onEvent(event);
          } catch (error) {
            report(error);
          }
        }
      }
    }
    return consistent;
  };

  /**
   * A new epoch: Redis lost the log (restart at seq 0) or restarted from a possibly older copy (continue after
   * the last seq it restored; events delivered beyond it were lost).
   */
  const checkEpochs = async () => {
    const hosted = [...sessions.values()];
    for (const session of hosted) {
      if (session.epoch === undefined) continue;
      const [epoch, validUpTo] = (await options.commands.call([
        'HMGET',
        options.keys.logMeta(session.sessionId),
        'epoch',
        `epoch:${session.epoch}`,
      ])) as [string | null, string | null];
      if (epoch === null || epoch === session.epoch || sessions.get(session.sessionId) !== session) continue;
      const resumeAt = validUpTo === null ? 0 : Math.min(session.lastSeq, Number(validUpTo));
      session.epoch = epoch;
      session.lastSeq = resumeAt;
      for (const listener of session.listeners) {
        if (listener.afterSeq !== undefined) listener.afterSeq = Math.min(listener.afterSeq, resumeAt);
      }
      options.onEpochChange?.(session.sessionId, epoch);
    }
  };

  const loadPendingHeads = async () => {
    for (const session of [...sessions.values()]) {
      if (session.epoch !== undefined || !options.loadHead) continue;
      const head = await options.loadHead(session.sessionId);
      if (sessions.get(session.sessionId) !== session || session.epoch !== undefined) continue;
      session.epoch = head.epoch;
      session.lastSeq = head.lastSeq;
      for (const listener of session.listeners) listener.afterSeq ??= head.lastSeq;
    }
  };

  const run = async () => {
    let failures = 0;
    let checkEpochsNext = false;
    while (!closed) {
      if (sessions.size === 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        continue;
      }
      try {
        const conn = await open();
        if (checkEpochsNext) await checkEpochs();
        await loadPendingHeads();
        const hosted = [...sessions.values()].filter((s) => s.epoch !== undefined);
        if (hosted.length === 0) {
          await sleep(retryDelayMs);
          continue;
        }
        readGeneration = generation;
        reading = true;
        const reply = await conn.sendCommand([
          'XREAD',
          'COUNT',
          batchSize,
          'BLOCK',
          blockMs,
          'STREAMS',
          ...hosted.map((s) => s.key),
          ...hosted.map((s) => `${s.lastSeq}-0`),
        ]);
        reading = false;
        checkEpochsNext = !deliver(reply) || reply == null;
        failures = 0;
      } catch (error) {
        reading = false;
        if (closed) break;
        report(error);
        connectionId = undefined;
        if (connection?.isOpen === false) {
          connection.destroy();
          connection = undefined;
        }
        checkEpochsNext = true;
        await sleep(Math.min(maxRetryDelayMs, retryDelayMs * 2 ** failures));
        failures = Math.min(failures + 1, 16);
      }
    }
  };

  /** Makes the loop rebuild its read with the current session set. */
  const interrupt = async () => {
    generation++;
    if (wake) {
      const resolve = wake;
      wake = undefined;
      resolve();
    }
    // UNBLOCK can reach Redis before the stale XREAD does; retry briefly until the read picked up the change.
    for (let attempt = 0; attempt < 20 && !closed; attempt++) {
      if (!reading || readGeneration >= generation) return;
      if (connectionId !== undefined) {
        try {
          if ((await options.commands.call(['CLIENT', 'UNBLOCK', connectionId])) === 1) return;
        } catch (error) {
          report(error);
          return;
        }
      }
      await sleep(10);
    }
  };

  return {
    add(sessionId, head, onEvent) {
      let session = sessions.get(sessionId);
      if (!session) {
        session = {
          sessionId,
          key: options.keys.logStream(sessionId),
          epoch: head?.epoch,
          lastSeq: head?.lastSeq ?? 0,
          listeners: new Set(),
        };
        sessions.set(sessionId, session);
        byKey.set(session.key, session);
        loop ??= run();
        void interrupt();
      }
      const afterSeq =
        head === undefined
          ? session.epoch === undefined
            ? undefined
            : session.lastSeq
          : session.epoch === head.epoch
            ? head.lastSeq
            : 0;
      const listener: Listener = { afterSeq, onEvent };
      session.listeners.add(listener);
      const hosted = session;
      return () => {
        hosted.listeners.delete(listener);
        if (hosted.listeners.size === 0 && sessions.get(sessionId) === hosted) {
          sessions.delete(sessionId);
          byKey.delete(hosted.key);
          void interrupt();
        }
      };
    },

    get size() {
      return sessions.size;
    },

    async close() {
      if (closed) return;
      closed = true;
      wake?.();
      connection?.destroy();
      await loop;
    },
  };
}
