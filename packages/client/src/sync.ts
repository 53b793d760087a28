import {
  parseServerFrame,
  type RoomMessage,
  type ServerMessage,
  type UnicastMessage,
} from '@pollwire/contracts/client';
import type { DedupWindow } from './dedup.js';
import { FrameValidationError, PollwireError } from './errors.js';
import type { ClientResyncReason, ResyncEvent } from './events.js';
import type { SequenceTracker } from './sequence.js';
import type { BatchingStateStore } from './state/store.js';
import type { PollwireState } from './state/types.js';

export interface SyncOptions {
  store: BatchingStateStore;
  dedup: DedupWindow;
  sequence: SequenceTracker;
  loadSnapshot: (() => Promise<PollwireState>) | undefined;
  /** Hands a new (not yet seen) message to the app's handlers. */
  deliver: (message: ServerMessage) => void;
  /** `connection:established` or `connection:reconnected` arrived: the session is ready for requests. */
  onReady: (heartbeatIntervalMs: number | undefined) => void;
  onHeartbeat: () => void;
  /** A unicast answering a request; returns whether it was consumed. */
  onResponse: (message: ServerMessage) => void;
  /** The live stream skipped a `seq`: resume from the cursor. */
  onGap: () => void;
  onResync: (event: ResyncEvent) => void;
  onError: (error: PollwireError) => void;
}

export interface Sync {
  /** Handles one raw frame (one envelope or a batch). */
  receive(data: unknown): void;
  /** A new socket is about to connect: forget the previous one's replay and snapshot in progress. */
  reset(): void;
  /** The newest room eventId the state includes: the resume cursor (`lastEventId`). */
  readonly cursor: string | undefined;
}

/**
 * The protocol's receive side: handshake, history and replay, `seq` ordering, dedup, resync.
 * Room events change the state only in `seq` order, so a replayed or repeated event is never applied twice,
 * and handlers see each `eventId` once.
 */
export function createSync(options: SyncOptions): Sync {
  const { store, dedup, sequence } = options;
  let cursor: string | undefined;
  let halted = false;
  let generation = 0;
  /** Room events held while `loadSnapshot()` runs. */
  let held: RoomMessage[] | undefined;
  /**
   * Room events still looked up in the dedup window: after a `seq` reset, ids of events handled before it may come
   * again. Past this count every older id has left the window, and a room event that passes the `seq` check is new.
   */
  let verifyLeft = 0;
  /** A full-replay resync completes after this many more room events. */
  let fullReplayLeft: { reason: ClientResyncReason; left: number; cursor: string | undefined } | undefined;

  const finishFullReplay = () => {
    if (!fullReplayLeft || fullReplayLeft.left > 0) return;
    const { reason, cursor: serverCursor } = fullReplayLeft;
    fullReplayLeft = undefined;
    cursor ??= serverCursor;
    options.onResync({ reason, source: 'full_replay' });
  };

  const applyRoom = (message: RoomMessage) => {
    const verdict = sequence.check(message.seq);
    if (verdict === 'duplicate') return;
    if (verdict === 'gap') {
      halted = true;
      options.onGap();
      return;
    }
    store.apply([message]);
    sequence.commit(message.seq);
    cursor = message.eventId;
    if (fullReplayLeft) fullReplayLeft.left -= 1;
    let repeated = false;
    if (verifyLeft > 0) {
      verifyLeft -= 1;
      repeated = dedup.seen(message.eventId);
    } else dedup.record(message.eventId);
    if (!repeated) options.deliver(message);
    finishFullReplay();
  };

  const resetSequence = (lastSeq: number | null) => {
    sequence.reset(lastSeq);
    verifyLeft = dedup.size;
  };

  const rebuildFromSnapshot = (reason: ClientResyncReason, serverCursor: string | undefined) => {
    resetSequence(null);
    const { loadSnapshot } = options;
    if (!loadSnapshot) {
      store.reset();
      cursor = serverCursor;
      options.onResync({ reason, source: 'none' });
      options.onError(
        new PollwireError('resync_unrecoverable', `state lost (${reason}); pass loadSnapshot to rebuild`),
      );
      return;
    }
    const current = ++generation;
    held = [];
    loadSnapshot().then(
      (snapshot) => {
        if (current !== generation) return;
        const pending = held ?? [];
        held = undefined;
        store.reset(snapshot);
        cursor = serverCursor;
        options.onResync({ reason, source: 'snapshot' });
        for (const message of pending) if (!halted) applyRoom(message);
      },
      (error: unknown) => {
        if (current !== generation) return;
        held = undefined;
        store.reset();
        options.onError(new PollwireError('snapshot_failed', 'loadSnapshot() failed', { cause: error }));
        options.onResync({ reason, source: 'none' });
      },
    );
  };

  const handleUnicast = (message: UnicastMessage) => {
    switch (message.event) {
      case 'connection:established': {
        const { historyCount = 0, historyComplete, cursor: serverCursor } = message.payload;
        store.reset();
        resetSequence(0);
        if (historyCount === 0) cursor = serverCursor;
        if (historyComplete === false) rebuildFromSnapshot('history_incomplete', serverCursor);
        options.onReady(message.payload.heartbeatIntervalMs);
        break;
      }
      case 'connection:reconnected': {
        const { recovered, fullReplay, resyncReason, replayCount, cursor: serverCursor } = message.payload;
        if (recovered === false) {
          const reason = resyncReason ?? 'cursor_invalid';
          if (fullReplay) {
            store.reset();
            resetSequence(0);
            cursor = undefined;
            fullReplayLeft = { reason, left: replayCount, cursor: serverCursor };
            finishFullReplay();
          } else rebuildFromSnapshot(reason, serverCursor);
        }
        options.onReady(message.payload.heartbeatIntervalMs);
        break;
      }
      case 'connection:heartbeat':
        options.onHeartbeat();
        break;
      default:
        store.apply([message]);
        options.onResponse(message);
    }
    options.deliver(message);
  };

  const handle = (results: ReturnType<typeof parseServerFrame>) => {
    for (const result of results) {
      if (halted) return;
      if (!result.ok) {
        const { event, message, issues } = result.error;
        options.onError(new FrameValidationError(event, message, issues));
        continue;
      }
      const message = result.message;
      if (message.seq !== undefined) {
        if (held) held.push(message);
        else applyRoom(message);
      } else if (!dedup.seen(message.eventId)) handleUnicast(message);
    }
  };

  return {
    receive(data) {
      const results = parseServerFrame(data);
      // A history or replay batch reaches state subscribers as one change.
      if (results.length > 1) store.batch(() => handle(results));
      else handle(results);
    },
    reset() {
      halted = false;
      held = undefined;
      generation += 1;
      fullReplayLeft = undefined;
    },
    get cursor() {
      return cursor;
    },
  };
}
