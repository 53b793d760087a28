import { createPollwireClient, type WebSocketLike } from '@pollwire/client';
import type { RoomMessage } from '@pollwire/contracts';
import { openingEvents } from '../fixtures/poll.js';
import {
  BENCH_POLL_ID,
  BENCH_SESSION_ID,
  voteAcceptedEnvelope,
  voteAcceptedPayload,
} from '../fixtures/vote-accepted.js';
import { pairedRatio } from '../stats/ratios.js';
import { type Spread, spread } from '../stats/repetitions.js';
import { createSocketIoReceivers, socketIoEventFrame } from './socket-io-receiver.js';

export interface ClientFrameOptions {
  /** Clients in the process, each handed every frame in turn (as a fan-out reaches a client process). @default 500 */
  clients?: number;
  /** Frames per repetition. @default 400 */
  frames?: number;
  /** @default 5 */
  repetitions?: number;
  /**
   * Evict the CPU caches before each frame (by sweeping a buffer larger than them, untimed), as happens between
   * events at low rates: each client's state is then read from memory. @default false
   */
  cold?: boolean;
}

/** Larger than the last-level cache of the machines the bench runs on. */
const EVICTION_BYTES = 64 << 20;

export interface ClientFrameFigures {
  /** `JSON.parse` and a read of `seq`: all the ws-once client does with a frame. */
  jsonParseNs: Spread | null;
  /** `@pollwire/client` on a room frame: parse, validate, seq and dedup, state store, typed handler. */
  pollwireClientNs: Spread | null;
  /**
   * The same with a state subscriber that reads the snapshot after every frame, as a UI bound with
   * `useSyncExternalStore` does. Without one the store folds live results only when the state is read.
   */
  pollwireClientReadNs: Spread | null;
  /**
   * socket.io-client on the same events as a Socket.IO 4 server sends them (`42["vote:accepted",{...}]`, same seq):
   * engine.io-client's websocket transport and engine.io-parser, socket.io-parser's decoder, the manager's next-tick
   * dispatch and the socket's emitter, to a handler that reads `seq`. What a socket.io-client app pays per event.
   */
  socketIoClientNs: Spread | null;
  /** `pollwireClientNs / socketIoClientNs`, paired within each repetition (the client receive-cost target). */
  pollwireToSocketIo: Spread | null;
  clients: number;
  frameBytes: number;
  /** Length of the socket.io-client frame, engine.io and socket.io framing included. */
  socketIoFrameBytes: number;
  cold: boolean;
}

const timeAt = (seq: number) => new Date(1_767_434_400_000 + seq * 1000);
const timeOf = (seq: number) => timeAt(seq).toISOString();

/** The poll's creation and activation, as room frames with seq 1 and 2: every client holds the poll. */
const openingFrames = (): string[] =>
  openingEvents(new Date(1_767_434_400_000)).map(({ event, payload }, i) =>
    JSON.stringify({
      event,
      eventId: `mbx3k2-${i + 1}`,
      sessionId: BENCH_SESSION_ID,
      seq: i + 1,
      timestamp: timeOf(i + 1),
      payload,
    }),
  );

/** A room `vote:accepted` frame as server-kit serializes it (`<epoch>-<seq>` event ids). */
function roomFrame(seq: number): string {
  const timestamp = timeOf(seq);
  const message: RoomMessage<'vote:accepted'> = {
    event: 'vote:accepted',
    eventId: `mbx3k2-${seq}`,
    sessionId: BENCH_SESSION_ID,
    seq,
    timestamp,
    payload: voteAcceptedPayload(seq, timestamp),
  };
  return JSON.stringify(message);
}

/**
 * Client CPU per frame, in one process: what separates the pollwire client from the ws-once client in the
 * fan-out runs, where each client process handles every frame for its half of the room. Frames go straight to
 * each client's socket handler (no network), so the figure is the client's own work. socket.io-client receivers
 * (`createSocketIoReceivers`) get the same events, with the same seq, as a Socket.IO server frames them, in the
 * same repetition blocks.
 */
export async function measureClientFrame(options: ClientFrameOptions = {}): Promise<ClientFrameFigures> {
  const clientCount = options.clients ?? 500;
  const frameCount = options.frames ?? 400;
  const repetitions = options.repetitions ?? 5;
  // A warm-up block, then per repetition a block for parse, the client alone and socket.io-client, and one for the
  // client with a state reader: each frame once per path.
  const total = frameCount * (2 * repetitions + 1);
  const opening = openingFrames();
  const frames = Array.from({ length: total }, (_, i) => roomFrame(opening.length + i + 1));
  const ioFrames = Array.from({ length: total }, (_, i) => {
    const seq = opening.length + i + 1;
    return socketIoEventFrame(voteAcceptedEnvelope(seq, timeAt(seq)));
  });
  const sockets: InProcessSocket[] = [];
  const now = new Date().toISOString();
  const established = JSON.stringify({
    event: 'connection:established',
    eventId: 'mbx3k2-c0',
    sessionId: BENCH_SESSION_ID,
    timestamp: now,
    payload: { connectionId: 'bench', timestamp: now, serverVersion: 'bench', historyCount: 0 },
  });

  class InProcessSocket implements WebSocketLike {
    readyState = 0;
    onopen: WebSocketLike['onopen'] = null;
    onmessage: WebSocketLike['onmessage'] = null;
    onclose: WebSocketLike['onclose'] = null;
    onerror: WebSocketLike['onerror'] = null;
    constructor(_url: string) {
      sockets.push(this);
      queueMicrotask(() => {
        this.readyState = 1;
        this.onopen?.({});
        this.onmessage?.({ data: established });
        for (const data of opening) this.onmessage?.({ data });
      });
    }
    send() {}
    close() {}
  }

  let delivered = 0;
  const clients = Array.from({ length: clientCount }, (_, i) => {
    const client = createPollwireClient({ url: 'ws://bench/ws', token: String(i), WebSocket: InProcessSocket });
    client.on('vote:accepted', (_payload, message) => {
      if (message.seq !== undefined) delivered++;
    });
    return client;
  });
  await new Promise((resolve) => setTimeout(resolve, 0));
  const unopened = clients.filter((c) => c.state.getSnapshot().activePollId !== BENCH_POLL_ID).length;
  if (unopened > 0) throw new Error(`client frame bench: ${unopened} clients do not hold the active poll`);

  let ioDelivered = 0;
  let ioSeqSum = 0;
  let ioSeqExpected = 0;
  const receivers = await createSocketIoReceivers(clientCount, () => (envelope) => {
    if (typeof envelope.seq === 'number') {
      ioDelivered++;
      ioSeqSum += envelope.seq;
    }
  });

  const eviction = options.cold ? new Uint8Array(EVICTION_BYTES) : undefined;
  const evict = () => {
    if (!eviction) return;
    for (let j = 0; j < eviction.length; j += 64) eviction[j]!++;
  };
  // Times each frame's pass over every client; the eviction before it is not timed.
  const perFrame = (from: number, handle: (frame: string, socket: InProcessSocket) => void): number => {
    let ns = 0n;
    for (let i = from; i < from + frameCount; i++) {
      evict();
      const start = process.hrtime.bigint();
      for (const socket of sockets) handle(frames[i]!, socket);
      ns += process.hrtime.bigint() - start;
    }
    return Number(ns) / (frameCount * sockets.length);
  };
  // socket.io-client runs the handlers on the next tick: the wait for them is timed, as the app pays it.
  const perFrameSocketIo = async (from: number): Promise<number> => {
    let ns = 0n;
    for (let i = from; i < from + frameCount; i++) {
      evict();
      const start = process.hrtime.bigint();
      for (let c = 0; c < receivers.size; c++) receivers.deliver(ioFrames[i]!, c);
      await receivers.settled();
      ns += process.hrtime.bigint() - start;
      ioSeqExpected += (opening.length + i + 1) * receivers.size;
    }
    return Number(ns) / (frameCount * receivers.size);
  };
  let seqSum = 0;
  const parseOnly = (frame: string) => {
    const message = JSON.parse(frame) as { seq?: unknown };
    if (typeof message.seq === 'number') seqSum += message.seq;
  };
  const throughClient = (frame: string, socket: InProcessSocket) => socket.onmessage?.({ data: frame });

  let snapshotsRead = 0;
  const readEveryChange = () =>
    clients.map((c) =>
      c.state.subscribe(() => {
        c.state.getSnapshot();
        snapshotsRead++;
      }),
    );

  const parse: number[] = [];
  const client: number[] = [];
  const socketIo: number[] = [];
  const read: number[] = [];
  try {
    perFrame(0, throughClient); // warm up, and move every client past seq 0
    perFrame(0, parseOnly);
    await perFrameSocketIo(0);
    for (let r = 1; r <= repetitions; r++) {
      const block = (2 * r - 1) * frameCount;
      parse.push(perFrame(block, parseOnly));
      client.push(perFrame(block, throughClient));
      socketIo.push(await perFrameSocketIo(block));
      const unsubscribe = readEveryChange();
      read.push(perFrame(block + frameCount, throughClient));
      for (const off of unsubscribe) off();
    }
  } finally {
    await receivers.close();
  }
  const lastCount = opening.length + total;
  const stale = clients.filter(
    (c) => c.state.getSnapshot().polls[BENCH_POLL_ID]?.results.currentVoteCount !== lastCount,
  );
  for (const c of clients) c.close();
  if (stale.length > 0) throw new Error(`client frame bench: ${stale.length} clients' state missed the last results`);
  if (snapshotsRead !== repetitions * frameCount * clientCount) {
    throw new Error(`client frame bench: ${snapshotsRead} state reads, expected one per frame and client`);
  }
  if (delivered !== total * clientCount || seqSum <= 0) {
    throw new Error(`client frame bench: ${delivered} of ${total * clientCount} frames reached the handler`);
  }
  const ioFed = (repetitions + 1) * frameCount * clientCount;
  if (ioDelivered !== ioFed || ioSeqSum !== ioSeqExpected) {
    throw new Error(
      `client frame bench: ${ioDelivered} of ${ioFed} socket.io frames reached the handler, seq sum ${ioSeqSum} (expected ${ioSeqExpected})`,
    );
  }
  return {
    jsonParseNs: spread(parse),
    pollwireClientNs: spread(client),
    pollwireClientReadNs: spread(read),
    socketIoClientNs: spread(socketIo),
    pollwireToSocketIo: pairedRatio(client, socketIo),
    clients: clientCount,
    frameBytes: frames[0]!.length,
    socketIoFrameBytes: ioFrames[0]!.length,
    cold: options.cold ?? false,
  };
}
