import { parseServerFrame, type ServerMessage } from '@pollwire/contracts';
import WebSocket from 'ws';

/** A plain `ws` client that records every envelope (batches flattened, contract-checked). */
export interface WsRecorder {
  ws: WebSocket;
  messages: ServerMessage[];
  /** Room events (with `seq`) in arrival order. */
  room(): ServerMessage[];
  waitFor(check: (messages: ServerMessage[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function openRecorder(url: string): Promise<WsRecorder> {
  const ws = new WebSocket(url);
  const messages: ServerMessage[] = [];
  ws.on('message', (data) => {
    for (const result of parseServerFrame(data.toString())) {
      if (!result.ok) throw new Error(`invalid frame: ${result.error.message}`);
      messages.push(result.message);
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    messages,
    room: () => messages.filter((m) => m.seq !== undefined),
    async waitFor(check, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!check(messages)) {
        if (Date.now() > deadline) throw new Error(`timed out; got ${messages.map((m) => m.event).join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () => ws.close(),
  };
}
