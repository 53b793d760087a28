import { parseServerFrame, type ServerMessage } from '@pollwire/contracts';
import WebSocket from 'ws';

/** A raw `ws` client that records every frame it gets, and every envelope (batches flattened, contract-parsed). */
export interface FrameRecorder {
  ws: WebSocket;
  /** Raw text frames, as received. */
  frames: string[];
  messages: ServerMessage[];
  /** Frames the contract rejected (must stay empty). */
  invalid: string[];
  send(frame: unknown): void;
  /** Resolves with the first message from index `from` matching `predicate`. */
  next(predicate: (message: ServerMessage) => boolean, from?: number, timeoutMs?: number): Promise<ServerMessage>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

/**
 * Opens a recorded WebSocket and waits for it to open.
 *
 * @example
 * const rec = await openRecorder(`${server.wsUrl}?token=${token}`);
 * await rec.next((m) => m.event === 'connection:established');
 */
export async function openRecorder(
  url: string,
  options: { origin?: string; autoPong?: boolean } = {},
): Promise<FrameRecorder> {
  const ws = new WebSocket(url, {
    ...(options.origin ? { origin: options.origin } : {}),
    ...(options.autoPong === undefined ? {} : { autoPong: options.autoPong }),
  });
  const frames: string[] = [];
  const messages: ServerMessage[] = [];
  const invalid: string[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data, isBinary) => {
    const text = isBinary ? `<binary ${String((data as Buffer).length)}>` : data.toString();
    frames.push(text);
    for (const result of parseServerFrame(text)) {
      if (result.ok) messages.push(result.message);
      else invalid.push(text);
    }
    for (const wake of [...waiters]) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      for (const wake of [...waiters]) wake();
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
  return {
    ws,
    frames,
    messages,
    invalid,
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    next(predicate, from = 0, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (let i = from; i < messages.length; i++) if (predicate(messages[i]!)) return messages[i];
          return undefined;
        };
        const found = check();
        if (found) return resolve(found);
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(
              `timed out; got ${messages
                .slice(from)
                .map((m) => m.event)
                .join(', ')}`,
            ),
          );
        }, timeoutMs);
        const wake = () => {
          const hit = check();
          if (!hit) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(hit);
        };
        waiters.add(wake);
      });
    },
    closed,
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      await closed;
    },
  };
}

/** The HTTP status an upgrade is refused with (rejects when the upgrade succeeds). */
export function upgradeStatus(url: string, options: { origin?: string } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options.origin ? { origin: options.origin } : {});
    ws.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      ws.terminate();
      reject(new Error('upgrade unexpectedly succeeded'));
    });
    ws.on('error', () => undefined);
  });
}
