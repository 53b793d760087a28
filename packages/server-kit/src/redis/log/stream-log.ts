import { randomBytes } from 'node:crypto';
import { isUnavailable } from '../../errors.js';
import { formatCursor, parseCursor } from '../../log/cursor.js';
import { DEFAULT_REPLAY_WINDOW_MS } from '../../log/memory-log.js';
import type {
  LogEntryInput,
  LogHead,
  LogHistory,
  LoggedEvent,
  LogReadResult,
  LogSlice,
  ReplayLog,
  Unsubscribe,
} from '../../log/types.js';
import type { RedisDuplicableClient } from '../connection/client.js';
import { type RedisCommands, type RedisCommandsOptions, createRedisCommands } from '../connection/commands.js';
import { roomAudience } from '@pollwire/contracts/client';
import { createStreamFanOut, type StreamFanOut, type StreamFanOutOptions } from '../fan-out/stream-fan-out.js';
import { createRedisKeys, DEFAULT_KEY_PREFIX, type RedisKeys } from '../keys.js';
import { createFrameTemplate, fillFrameTemplate } from './frame-template.js';
import { appendScript, readScript } from './log-scripts.js';
import { fieldOf } from './stream-entry.js';

/** Redis holds more than a node's memory; the window (24 h) is the primary bound. */
export const DEFAULT_REDIS_MAX_EVENTS_PER_SESSION = 100_000;
/** Frames fetched per round trip when replaying. */
export const DEFAULT_REPLAY_PAGE_SIZE = 1_000;

export interface RedisStreamLogOptions extends RedisCommandsOptions {
  /** The command client; `duplicate()` opens the blocking fan-out connection on the first `subscribe`. */
  client: RedisDuplicableClient;
  /**
   * Key prefix; give each deployment (and each test) its own.
   * @default 'pollwire:'
   */
  prefix?: string;
  /**
   * How long events stay replayable, measured with Redis' clock.
   * @default 86_400_000 (24 h)
   */
  windowMs?: number;
  /**
   * Most events kept per session stream (oldest trimmed first); `0` for no cap.
   * @default 100_000
   */
  maxEventsPerSession?: number;
  /**
   * Frames read per round trip in replays and history.
   * @default 1_000
   */
  pageSize?: number;
  /**
   * Candidate epoch for a session log Redis does not hold yet (the first writer's wins). Lowercase
   * alphanumerics only.
   * @default 12 random hex characters
   */
  createEpoch?: () => string;
  /** Fan-out tuning and hooks (block time, retry delays, `onError`). */
  fanOut?: Omit<StreamFanOutOptions, 'client' | 'keys' | 'commands' | 'loadHead'>;
}

/** The Redis replay log, with its fan-out exposed for shutdown and tests. */
export interface RedisStreamLog extends ReplayLog {
  append(sessionId: string, entry: LogEntryInput): Promise<LoggedEvent>;
  read(sessionId: string, cursor: string): Promise<LogReadResult>;
  history(sessionId: string): Promise<LogHistory>;
  head(sessionId: string): Promise<LogHead>;
  subscribe(sessionId: string, onEvent: (event: LoggedEvent) => void): Promise<Unsubscribe>;
  /** Stops the fan-out and closes its connection (the command client stays the caller's). */
  close(): Promise<void>;
}

const MAX_PAGING_RETRIES = 3;

/**
 * A replay log on Redis Streams, one stream per session, shared by every node: `seq` is assigned in Redis
 * (contiguous across nodes), the window is trimmed with `MINID` on Redis time, and `subscribe` fans events
 * appended by any node out in seq order through one blocking `XREAD` connection per node.
 *
 * @example
 * const client = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect();
 * const log = createRedisStreamLog({ client, prefix: 'pollwire:' });
 * const hub = createHub({ log });
 */
export function createRedisStreamLog(options: RedisStreamLogOptions): RedisStreamLog {
  const keys: RedisKeys = createRedisKeys(options.prefix ?? DEFAULT_KEY_PREFIX);
  const commands: RedisCommands = createRedisCommands(options.client, options);
  const windowMs = String(options.windowMs ?? DEFAULT_REPLAY_WINDOW_MS);
  const maxLen = String(options.maxEventsPerSession ?? DEFAULT_REDIS_MAX_EVENTS_PER_SESSION);
  const pageSize = Math.max(1, options.pageSize ?? DEFAULT_REPLAY_PAGE_SIZE);
  const createEpoch = options.createEpoch ?? (() => randomBytes(6).toString('hex'));
  let fanOut: StreamFanOut | undefined;

  const logKeys = (sessionId: string) => [keys.logMeta(sessionId), keys.logStream(sessionId)];

  /** One read script call: head plus up to one page of frames from `fromSeq`. */
  const readPage = async (sessionId: string, expectEpoch: string, fromSeq: number, limit: number) => {
    const reply = (await commands.eval(readScript, logKeys(sessionId), [
      createEpoch(),
      windowMs,
      maxLen,
      expectEpoch,
      String(fromSeq),
      String(limit),
    ])) as [string, number, number, string | null, ...string[]];
    const [epoch, firstSeq, lastSeq, previousEpochLastSeq, ...frames] = reply;
    const head: LogHead = { epoch, firstSeq, lastSeq, cursor: formatCursor(epoch, lastSeq) };
    // Set when `expectEpoch` is an epoch Redis restarted out of: its cursors are valid up to this seq.
    const validUpTo = previousEpochLastSeq === null ? undefined : Number(previousEpochLastSeq);
    return { head, frames, validUpTo };
  };

  /** Frames `fromSeq..head.lastSeq`, paging with XRANGE; `undefined` if trimming raced the read. */
  const collect = async (sessionId: string, head: LogHead, fromSeq: number, firstPage: string[]) => {
    const frames = firstPage;
    let next = fromSeq + frames.length;
    while (next <= head.lastSeq) {
      const entries = (await commands.call([
        'XRANGE',
        keys.logStream(sessionId),
        `${next}-0`,
        `${head.lastSeq}-0`,
        'COUNT',
        String(pageSize),
      ])) as [string, string[]][];
      if (entries.length === 0 || entries[0]![0] !== `${next}-0`) return undefined;
      for (const [, fields] of entries) frames.push(fieldOf(fields, 'frame'));
      next += entries.length;
    }
    return frames;
  };

  /** Frames from `fromSeq` when the cursor's epoch is known (`known`) and the range is held. */
  const slice = async (sessionId: string, expectEpoch: string, fromSeq: number) => {
    for (let attempt = 0; attempt < MAX_PAGING_RETRIES; attempt++) {
      const { head, frames, validUpTo } = await readPage(sessionId, expectEpoch, fromSeq, pageSize);
      const from = fromSeq < 0 ? head.firstSeq : fromSeq;
      const known =
        expectEpoch === '' || expectEpoch === head.epoch || (validUpTo !== undefined && from - 1 <= validUpTo);
      if (!known || from < head.firstSeq || from > head.lastSeq + 1) return { head, from, frames: undefined, known };
      const all = await collect(sessionId, head, from, frames);
      if (all) return { head, from, frames: all, known };
    }
    // Trimming kept overtaking the read: the cursor is at the window's edge.
    const { head } = await readPage(sessionId, '', 0, 0);
    return { head, from: fromSeq, frames: undefined, known: true };
  };

  const log: RedisStreamLog = {
    store: 'redis',
    async append(sessionId, entry) {
      const template = createFrameTemplate(sessionId, entry);
      const [epoch, seq, prev] = (await commands.eval(appendScript, logKeys(sessionId), [
        createEpoch(),
        windowMs,
        maxLen,
        template.head,
        template.middle,
        template.tail,
        roomAudience(entry.event) === 'everyone' ? '1' : '0',
      ])) as [string, number, number];
      const eventId = formatCursor(epoch, seq);
      return { seq, eventId, frame: fillFrameTemplate(template, eventId, seq, prev < 0 ? undefined : prev) };
    },

    async read(sessionId, cursor) {
      const parsed = parseCursor(cursor);
      if (!parsed) return { ok: false, reason: 'cursor_invalid', ...(await readPage(sessionId, '', 0, 0)).head };
      const { head, from, frames, known } = await slice(sessionId, parsed.epoch, parsed.seq + 1);
      if (!known) return { ok: false, reason: 'epoch_mismatch', ...head };
      if (parsed.seq > head.lastSeq) return { ok: false, reason: 'cursor_ahead', ...head };
      if (!frames) return { ok: false, reason: 'cursor_expired', ...head };
      const result: LogSlice = { ok: true, frames, fromSeq: from, ...head };
      return result;
    },

    async history(sessionId) {
      const { head, from, frames } = await slice(sessionId, '', -1);
      return { ok: true, frames: frames ?? [], fromSeq: from, complete: from === 1, ...head };
    },

    async head(sessionId) {
      return (await readPage(sessionId, '', 0, 0)).head;
    },

    async subscribe(sessionId, onEvent) {
      fanOut ??= createStreamFanOut({
        ...(options.meterProvider ? { meterProvider: options.meterProvider } : {}),
        ...options.fanOut,
        client: options.client,
        keys,
        commands,
        loadHead: (id) => log.head(id),
      });
      let head: LogHead | undefined;
      try {
        head = await log.head(sessionId);
      } catch (error) {
        // Redis unreachable: subscribe anyway; the reader starts at the head it reads once Redis is back.
        if (!isUnavailable(error)) throw error;
        options.fanOut?.onError?.(error);
      }
      return fanOut.add(sessionId, head, onEvent);
    },

    async close() {
      await fanOut?.close();
    },
  };
  return log;
}
