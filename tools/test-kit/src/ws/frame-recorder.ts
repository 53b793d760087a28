import { parseServerFrame, type ServerMessage } from '@pollwire/contracts';
import WebSocket from 'ws';

/** A raw `ws` client that records every frame it gets, and every envelope (batches flattened, contract-parsed). */
export interface FrameRecorder {
  ws: WebSocket;
  /** Raw text frames, as received (`<binary N>` for binary ones). */
  frames: string[];
  messages: ServerMessage[];
  /** Frames the contract rejected (stays empty unless `onInvalid: 'record'`). */
  invalid: string[];
  /** Room events (with `seq`), in arrival order. */
  room(): ServerMessage[];
  /** Sends `frame` as is when it is a string, else as JSON. */
  send(frame: unknown): void;
  /** Resolves with the first message from index `from` matching `predicate`. */
  next(predicate: (message: ServerMessage) => boolean, from?: number, timeoutMs?: number): Promise<ServerMessage>;
  /** Resolves once `count` messages were received. */
  count(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves once `check` holds for the messages received so far. */
  waitFor(check: (messages: ServerMessage[]) => boolean, timeoutMs?: number): Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

/** Options of {@link openRecorder}. */
export interface FrameRecorderOptions {
  origin?: string;
  /** Passed to `ws`: `false` leaves pings unanswered, as a half-dead client. */
  autoPong?: boolean;
  /**
   * What a frame the contract rejects does: `'record'` keeps it in `invalid` for the test to assert on;
   * `'throw'` throws from the socket's message handler, so the test run fails at once.
   * @default 'record'
   */
  onInvalid?: 'record' | 'throw';
  /**
   * Default timeout of `next`, `count` and `waitFor`.
   * @default 10_000
   */
  timeoutMs?: number;
}

/** Defaults of {@link FrameRecorderOptions}. */
export const FRAME_RECORDER_DEFAULTS = { onInvalid: 'record', timeoutMs: 10_000 } as const;

/**
 * Opens a recorded WebSocket and waits for it to open (rejects when the upgrade is refused).
 *
 * @example
 * const rec = await openRecorder(`${server.wsUrl}?token=${token}`);
 * await rec.next((m) => m.event === 'connection:established');
 */
export async function openRecorder(url: string, options: FrameRecorderOptions = {}): Promise<FrameRecorder> {
  const onInvalid = options.onInvalid ?? FRAME_RECORDER_DEFAULTS.onInvalid;
  const defaultTimeoutMs = options.timeoutMs ?? FRAME_RECORDER_DEFAULTS.timeoutMs;
  const ws = new WebSocket(url, {
    ...(options.origin ? { origin: options.origin } : {}),
    ...(options.autoPong === undefined ? {} : { autoPong: options.autoPong }),
  });
  const frames: string[] = [];
  const messages: ServerMessage[] = [];
  const invalid: string[] = [];
  const waiters = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of [...waiters]) wake();
  };
  ws.on('message', (data, isBinary) => {
    const text = isBinary ? `<binary ${String((data as Buffer).length)}>` : data.toString();
    frames.push(text);
    for (const result of parseServerFrame(text)) {
      if (result.ok) messages.push(result.message);
      else if (onInvalid === 'throw') throw new Error(`server sent an invalid frame: ${result.error.message}\n${text}`);
      else invalid.push(text);
    }
    wakeAll();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      wakeAll();
    }),
  );
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_request, response) =>
      reject(new Error(`upgrade refused: ${String(response.statusCode)}`)),
    );
    ws.once('error', reject);
  });

  /** Resolves once `check` holds, re-checked on every message; rejects after `timeoutMs`, naming `what`. */
  const until = (check: () => boolean, what: string, timeoutMs: number, from = 0) =>
    new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(wake);
        const got = messages
          .slice(from)
          .map((m) => m.event)
          .join(', ');
        reject(new Error(`timed out waiting for ${what}; got ${got}`));
      }, timeoutMs);
      const wake = () => {
        if (!check()) return;
        clearTimeout(timer);
        waiters.delete(wake);
        resolve();
      };
      waiters.add(wake);
    });

  return {
    ws,
    frames,
    messages,
    invalid,
    room: () => messages.filter((m) => m.seq !== undefined),
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    async next(predicate, from = 0, timeoutMs = defaultTimeoutMs) {
      let found: ServerMessage | undefined;
      const find = () => {
        for (let i = from; i < messages.length; i++) {
          if (predicate(messages[i]!)) {
            found = messages[i];
            return true;
          }
        }
        return false;
      };
      await until(find, 'a matching message', timeoutMs, from);
      return found!;
    },
    count: (count, timeoutMs = defaultTimeoutMs) =>
      until(() => messages.length >= count, `${count} messages`, timeoutMs),
    waitFor: (check, timeoutMs = defaultTimeoutMs) => until(() => check(messages), 'the messages', timeoutMs),
    closed,
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      await closed;
    },
  };
}
