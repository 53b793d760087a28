import type { ServerMessage } from '@pollwire/contracts';
import { ws } from 'msw';
import { setupServer } from 'msw/node';
import { WebSocket as NodeWebSocket } from 'ws';

export const MOCK_URL = 'ws://pollwire.test/ws';

/**
 * MSW intercepts by patching `globalThis.WebSocket`, which Node 20 lacks: install `ws`'s class first so
 * there is a configurable global to patch (the interceptor never opens a real socket for matched URLs).
 */
if (!('WebSocket' in globalThis)) {
  Object.defineProperty(globalThis, 'WebSocket', { value: NodeWebSocket, configurable: true, writable: true });
}

export interface MockConnection {
  url: URL;
  /** Frames the client sent, parsed. */
  received: Array<{ event: string; requestId?: string; payload: Record<string, unknown> }>;
  send(...messages: ServerMessage[]): void;
  /** One batch frame (JSON array), as the server sends history and replay. */
  sendBatch(messages: ServerMessage[]): void;
  sendRaw(data: string): void;
  close(code?: number, reason?: string): void;
}

/** An MSW WebSocket link that records every client connection. */
export function createMockServer() {
  const link = ws.link(MOCK_URL);
  const connections: MockConnection[] = [];
  const server = setupServer(
    link.addEventListener('connection', ({ client }) => {
      const connection: MockConnection = {
        url: new URL(client.url),
        received: [],
        send: (...messages) => {
          for (const message of messages) client.send(JSON.stringify(message));
        },
        sendBatch: (messages) => client.send(JSON.stringify(messages)),
        sendRaw: (data) => client.send(data),
        close: (code, reason) => client.close(code, reason),
      };
      client.addEventListener('message', (event) => {
        connection.received.push(JSON.parse(String(event.data)));
      });
      connections.push(connection);
    }),
  );
  return { server, connections };
}

/** Lets MSW's microtask-driven dispatch run (setImmediate is never faked in these tests). */
export const settle = async (rounds = 3) => {
  for (let i = 0; i < rounds; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
};
