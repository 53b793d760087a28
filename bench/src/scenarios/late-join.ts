import { createPollwireClient, type WebSocketLike } from '@pollwire/client';
import WebSocket from 'ws';
import { openingEvents } from '../fixtures/poll.js';
import { BENCH_POLL_ID } from '../fixtures/vote-accepted.js';
import { createPollwireStack } from '../server/stacks/pollwire.js';

/** One late joiner's connect, into a session that logged `events` room events before it came. */
export interface LateJoinFigures {
  /** Room events the session logged before the join (its poll's creation and activation included). */
  events: number;
  /** What the joiner asked for: the session's state (the default), or its log from the start (`history: true`). */
  start: LateJoinStart;
  /** Bytes of every frame the joiner received until its state was live. */
  bytes: number;
  frames: number;
  /** From opening the socket until the joiner holds the session's last logged event (handled, or in its snapshot). */
  msToLive: number;
  /** Whether the joiner's state then held the latest results: `false` when the log no longer started at seq 1. */
  stateComplete: boolean;
  /** How the client rebuilt its state, when it had to (`resync` event). */
  resync: string | null;
}

/** How a late joiner catches up: the state snapshot (the default) or the whole log (the client's `history` option). */
export type LateJoinStart = 'snapshot' | 'history';

/** How long a joiner may take to reach a live state before the measurement fails. */
const LIVE_TIMEOUT_MS = 60_000;

/**
 * Fills a session's log with `events` room events (the poll, then its results after each vote) on an in-process
 * Pollwire server with its defaults (the fan-out's `pollwire` stack), then connects one `@pollwire/client` over a real loopback socket and measures
 * what it takes to hold a live state: the bytes and frames it received, and the time. The server's in-memory log
 * keeps its default cap, so a session past it shows what a joiner gets then.
 */
export async function measureLateJoin(events: number, start: LateJoinStart = 'snapshot'): Promise<LateJoinFigures> {
  const stack = await createPollwireStack({ replay: true });
  try {
    // The stack logged the poll's creation and activation; each broadcast then logs the results after one more vote.
    const votes = events - openingEvents().length;
    for (let n = 1; n <= votes; n++) await stack.broadcast();

    let bytes = 0;
    let frames = 0;
    class CountingSocket extends WebSocket {
      constructor(url: string) {
        super(url, { perMessageDeflate: false });
        this.on('message', (data: Buffer) => {
          bytes += data.length;
          frames++;
        });
      }
    }
    let resync: string | null = null;
    const started = performance.now();
    const client = createPollwireClient({
      url: `ws://127.0.0.1:${stack.port}/ws`,
      token: 'bench',
      WebSocket: CountingSocket as unknown as new (url: string) => WebSocketLike,
      history: start === 'history',
    });
    client.on('resync', (event) => {
      resync = `${event.reason}/${event.source}`;
    });
    // The newest seq the client holds: the last results handled, or the state a snapshot gave it.
    let lastSeq = 0;
    client.on('vote:accepted', (_payload, message) => {
      if (message.seq !== undefined) lastSeq = message.seq;
    });
    client.on('session:synchronized', (payload) => {
      lastSeq = Math.max(lastSeq, payload.seq);
    });
    const live = () => client.state.getSnapshot().polls[BENCH_POLL_ID]?.results.currentVoteCount === votes;
    try {
      await new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(
          () => reject(new Error(`late joiner not live in ${LIVE_TIMEOUT_MS} ms`)),
          LIVE_TIMEOUT_MS,
        );
        const check = () => {
          // Every logged event has reached the client, as events or as the state (whether or not it could take them in).
          if (lastSeq === events) {
            clearTimeout(deadline);
            resolve();
          } else setTimeout(check, 1);
        };
        check();
      });
      return { events, start, bytes, frames, msToLive: performance.now() - started, stateComplete: live(), resync };
    } finally {
      client.close();
    }
  } finally {
    await stack.close();
  }
}
