import { createBackoff } from '@pollwire/client';
import WebSocket from 'ws';

/** What a lightweight resume client saw. */
export interface ResumeClientStats {
  /** Room seqs applied, in order (each once). */
  seqs: number[];
  /** When each seq arrived (`performance.now()`). */
  seenAt: Map<number, number>;
  /** Room frames whose seq was already applied (the server repeated one). */
  repeated: number;
  /** Live frames that skipped a seq (the server lost one). */
  gaps: number;
  /** `connection:reconnected` with `recovered: false`. */
  resyncs: number;
  /** The seq of each `session:synchronized` taken as the state (events up to it are not sent). */
  snapshots: number[];
  /** Socket opens after the first one, with the time. */
  opens: number[];
  /** Backoff delays drawn before each reconnect, with when they were drawn. */
  delays: { at: number; ms: number }[];
  /** When the replay after each reconnect was complete (`performance.now()`), and how many events it held. */
  caughtUp: { at: number; replayed: number }[];
}

export interface ResumeClient {
  readonly stats: ResumeClientStats;
  readonly open: boolean;
  close(): void;
}

export interface ResumeClientOptions {
  /** `ws://…/ws?token=…` (the client appends `lastEventId`). */
  url: string;
  /** Called on every (re)open with the time, e.g. to note the server's head. */
  onOpen?: (at: number) => void;
  /** Full-jitter backoff of `@pollwire/client`. @default { minDelayMs: 500, maxDelayMs: 20_000 } */
  backoff?: { minDelayMs?: number; maxDelayMs?: number };
}

/**
 * A lightweight protocol client for storms of hundreds of sockets in one process: it parses envelopes with
 * `JSON.parse` only (no contract validation, no state), resumes with `lastEventId` using the real client's
 * full-jitter backoff, and counts every repeat and gap the server causes, before any client-side dedup.
 *
 * @example
 * const client = startResumeClient({ url: `${server.wsUrl}?token=${token}` });
 * expect(client.stats.repeated).toBe(0);
 */
export function startResumeClient(options: ResumeClientOptions): ResumeClient {
  const backoff = createBackoff(options.backoff ?? {});
  const stats: ResumeClientStats = {
    seqs: [],
    seenAt: new Map(),
    repeated: 0,
    gaps: 0,
    resyncs: 0,
    snapshots: [],
    opens: [],
    delays: [],
    caughtUp: [],
  };
  let cursor: string | undefined;
  let lastSeq = 0;
  let socket: WebSocket | undefined;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let isOpen = false;
  let first = true;
  let replay: { left: number; count: number } | undefined;

  const handle = (message: { event: string; eventId: string; seq?: number; payload: Record<string, unknown> }) => {
    if (message.seq === undefined) {
      if (message.event === 'connection:established' && message.payload.historyCount === 0) {
        cursor ??= message.payload.cursor as string;
      }
      if (message.event === 'connection:reconnected') {
        if (message.payload.recovered === false) stats.resyncs += 1;
        const count = message.payload.replayCount as number;
        replay = { left: count, count };
        if (count === 0 && message.payload.snapshot !== true)
          stats.caughtUp.push({ at: performance.now(), replayed: 0 });
      }
      if (message.event === 'session:synchronized') {
        // The state at `seq`: live events continue after it.
        lastSeq = message.payload.seq as number;
        cursor = message.payload.cursor as string;
        stats.snapshots.push(lastSeq);
        if (!first) stats.caughtUp.push({ at: performance.now(), replayed: 0 });
      }
      return;
    }
    if (message.seq <= lastSeq) {
      stats.repeated += 1;
      return;
    }
    if (message.seq > lastSeq + 1) {
      stats.gaps += 1;
      socket?.terminate();
      return;
    }
    lastSeq = message.seq;
    cursor = message.eventId;
    stats.seqs.push(message.seq);
    stats.seenAt.set(message.seq, performance.now());
    if (replay && replay.left > 0 && --replay.left === 0)
      stats.caughtUp.push({ at: performance.now(), replayed: replay.count });
  };

  const connect = () => {
    timer = undefined;
    const url = new URL(options.url);
    if (cursor !== undefined) url.searchParams.set('lastEventId', cursor);
    const current = new WebSocket(url);
    socket = current;
    current.on('open', () => {
      isOpen = true;
      const at = performance.now();
      if (!first) stats.opens.push(at);
      first = false;
      options.onOpen?.(at);
    });
    current.on('message', (data) => {
      const parsed = JSON.parse(data.toString()) as Parameters<typeof handle>[0] | Parameters<typeof handle>[0][];
      if (Array.isArray(parsed)) for (const message of parsed) handle(message);
      else handle(parsed);
    });
    current.on('error', () => undefined);
    current.on('close', () => {
      isOpen = false;
      if (closed) return;
      const delay = backoff.next();
      stats.delays.push({ at: performance.now(), ms: delay });
      timer = setTimeout(connect, delay);
    });
  };
  connect();

  return {
    stats,
    get open() {
      return isOpen;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      socket?.close();
    },
  };
}
