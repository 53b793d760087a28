import { createPollwireClient } from '@pollwire/client';
import { monotonicMs, sleep } from '../../clock.js';
import type { ClientDriver } from '../driver.js';
import { createGatedSockets, createSocketGate } from './gated-socket.js';

/** Shared by every connection of this process: `drop` closes it, the first `resume` opens it. */
const gate = createSocketGate();

/** How long a dropped client may take to come back to the gate (its reconnect backoff). */
export const GATE_WAIT_TIMEOUT_MS = 30_000;

export interface PollwireDriverOptions {
  /**
   * Room frames stop at the socket (`JSON.parse`, `seq` to the recorder) and never reach the client: a diagnostic
   * of what the client process costs apart from the client's per-frame work. @default false
   */
  tapRoomFrames?: boolean;
}

/**
 * The real `@pollwire/client` (validation, dedup, seq tracking, state store) over `ws`. `drop` cuts the socket;
 * the client reconnects on its own with `lastEventId`, held at the gate until `resume`.
 */
export const createPollwireDriver =
  ({ tapRoomFrames = false }: PollwireDriverOptions = {}): ClientDriver =>
  async ({ url, index, onEvent, onState }) => {
    const sockets = createGatedSockets(gate, tapRoomFrames ? onEvent : undefined);
    let ready: (() => void) | undefined;
    let recovered = true;
    const client = createPollwireClient({
      url,
      token: String(index),
      WebSocket: sockets.WebSocket,
      connectTimeoutMs: 120_000,
    });
    client.on('vote:accepted', (_payload, message) => {
      if (message.seq !== undefined) onEvent(message.seq);
    });
    client.on('session:synchronized', (payload) => onState?.(payload.seq));
    client.on('connection:established', () => ready?.());
    client.on('status', (change) => {
      if (change.status === 'reconnecting')
        process.stderr.write(`[pollwire client ${index}] reconnecting: ${change.reason}\n`);
    });
    client.on('error', (error) => process.stderr.write(`[pollwire client ${index}] error: ${error.message}\n`));
    client.on('connection:reconnected', (payload) => {
      recovered = payload.recovered !== false;
      ready?.();
    });
    const handshake = () =>
      new Promise<void>((resolve) => {
        ready = resolve;
      });
    await handshake();
    return {
      async drop() {
        gate.close();
        sockets.terminate();
        const deadline = monotonicMs() + GATE_WAIT_TIMEOUT_MS;
        while (!sockets.waiting && monotonicMs() < deadline) await sleep(10);
      },
      async resume() {
        const done = handshake();
        gate.open();
        await done;
        return { recovered };
      },
      close: () => client.close(),
    };
  };

export const pollwireDriver: ClientDriver = createPollwireDriver();
