import {
  parseServerFrame,
  type RoomMessage,
  type ServerMessage,
  type UnicastMessage,
} from '@pollwire/contracts/client';
import type { DedupWindow } from './dedup.js';
import { FrameValidationError, PollwireError } from './errors.js';
import type { ClientResyncReason, ResyncEvent } from './events.js';
import { sequenceVerdict } from './sequence.js';
import type { BatchingStateStore } from './state/store.js';
import type { PollwireState } from '@pollwire/contracts/client';

export interface SyncOptions {
  store: BatchingStateStore;
  dedup: DedupWindow;
  loadSnapshot: (() => Promise<PollwireState>) | undefined;
  /**
   * Hands each new (not yet seen) message to the app's handlers, as `emit(event, payload, message)`. An object
   * rather than a closure: a frame then reads one object of its client less.
   */
  handlers: MessageSink;
  /** `connection:established` or `connection:reconnected` arrived: the session is ready for requests. */
  onReady: (heartbeatIntervalMs: number | undefined) => void;
  /**
   * A `connection:heartbeat` arrived: the server's own (no `requestId`), or its echo of the client's (with the
   * `requestId` the client sent). Only the server's own reach the app's handlers.
   */
  onHeartbeat: (requestId: string | undefined) => void;
  /** A unicast answering a request; returns whether it was consumed. */
  onResponse: (message: ServerMessage) => void;
  /** The live stream skipped a `seq`: resume from the cursor. */
  onGap: () => void;
  /** A `session:synchronized` failed validation (nothing of it applied): reconnect from the cursor. */
  onInvalidSnapshot: () => void;
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
  /** Frames received so far, valid or not: the heartbeat's proof of life. */
  readonly framesReceived: number;
}

/** What receives the messages a client has not seen before: the client's event emitter. */
export interface MessageSink {
  emit(event: ServerMessage['event'], payload: ServerMessage['payload'], message: ServerMessage): void;
}

/** A `session:synchronized` is announced: `reason` when it rebuilds the state after a resume. */
type AwaitedSnapshot = { reason: ClientResyncReason | undefined };

/**
 * The protocol's receive side: handshake, history and replay, `seq` ordering, dedup, resync.
 * Room events change the state only in `seq` order, so a replayed or repeated event is never applied twice,
 * and handlers see each `eventId` once.
 */
export function createSync(options: SyncOptions): Sync {
  return new ReceiveSide(options);
}

// A class: its methods are shared by every client, so a frame touches this one object rather than a closure each.
class ReceiveSide implements Sync {
  cursor: string | undefined;
  framesReceived = 0;
  #halted = false;
  #generation = 0;
  /** Room events held while `loadSnapshot()` runs. */
  #held: RoomMessage[] | undefined;
  /**
   * Room events still looked up in the dedup window: after a `seq` reset, ids of events handled before it may come
   * again. Past this count every older id has left the window, and a room event that passes the `seq` check is new.
   */
  #verifyLeft = 0;
  /** The hello announced the session's state: room events are held until it arrives. */
  #snapshot: AwaitedSnapshot | undefined;
  /** The `seq` of the last room event applied; `null`: the next one sets the baseline (see `sequenceVerdict`). */
  #lastSeq: number | null = 0;
  /** The server said this connection is a participant's: it does not get presenters-only events (see `prev`). */
  #participant = false;

  // The parts every frame uses, held here so a frame does not also read the options object.
  readonly #store: BatchingStateStore;
  readonly #dedup: DedupWindow;
  readonly #handlers: MessageSink;

  constructor(private readonly options: SyncOptions) {
    this.#store = options.store;
    this.#dedup = options.dedup;
    this.#handlers = options.handlers;
  }

  receive(data: unknown): void {
    this.framesReceived++;
    const results = parseServerFrame(data);
    // A history or replay batch reaches state subscribers as one change.
    if (results.length > 1) this.#store.batch(() => this.#handle(results));
    else this.#handle(results);
  }

  reset(): void {
    this.#halted = false;
    this.#held = undefined;
    this.#generation += 1;
    this.#snapshot = undefined;
  }

  #handle(results: ReturnType<typeof parseServerFrame>): void {
    for (const result of results) {
      if (this.#halted) return;
      if (!result.ok) {
        const { event, message, issues } = result.error;
        this.options.onError(new FrameValidationError(event, message, issues));
        if (event === 'session:synchronized') {
          // Nothing of a bad snapshot is applied; a new connection asks again from the cursor the state still has.
          this.#halted = true;
          this.options.onInvalidSnapshot();
          return;
        }
        continue;
      }
      const message = result.message;
      if (message.seq !== undefined) {
        if (this.#held) this.#held.push(message);
        else this.#applyRoom(message);
      } else if (!this.#dedup.seen(message.eventId)) this.#handleUnicast(message);
    }
  }

  #applyRoom(message: RoomMessage): void {
    const previous = this.#participant && message.prev !== undefined ? message.prev : message.seq - 1;
    const verdict = sequenceVerdict(this.#lastSeq, message.seq, previous);
    if (verdict === 'duplicate') return;
    if (verdict === 'gap') {
      this.#halted = true;
      this.options.onGap();
      return;
    }
    this.#store.applyOne(message);
    this.#lastSeq = message.seq;
    this.cursor = message.eventId;
    let repeated = false;
    if (this.#verifyLeft > 0) {
      this.#verifyLeft -= 1;
      repeated = this.#dedup.seen(message.eventId);
    } else this.#dedup.record(message.eventId);
    if (!repeated) this.#handlers.emit(message.event, message.payload, message);
  }

  #resetSequence(lastSeq: number | null): void {
    this.#lastSeq = lastSeq;
    this.#verifyLeft = this.#dedup.size;
  }

  #rebuildFromSnapshot(reason: ClientResyncReason, serverCursor: string | undefined): void {
    const { options } = this;
    this.#resetSequence(null);
    const { loadSnapshot } = options;
    if (!loadSnapshot) {
      options.store.reset();
      this.cursor = serverCursor;
      options.onResync({ reason, source: 'none' });
      options.onError(
        new PollwireError('resync_unrecoverable', `state lost (${reason}); pass loadSnapshot to rebuild`),
      );
      return;
    }
    const current = ++this.#generation;
    this.#held = [];
    loadSnapshot().then(
      (snapshot) => {
        if (current !== this.#generation) return;
        const pending = this.#held ?? [];
        this.#held = undefined;
        options.store.reset(snapshot);
        this.cursor = serverCursor;
        options.onResync({ reason, source: 'snapshot' });
        for (const message of pending) if (!this.#halted) this.#applyRoom(message);
      },
      (error: unknown) => {
        if (current !== this.#generation) return;
        this.#held = undefined;
        options.store.reset();
        options.onError(new PollwireError('snapshot_failed', 'loadSnapshot() failed', { cause: error }));
        options.onResync({ reason, source: 'none' });
      },
    );
  }

  /** The hello announced the state: hold room events until it is applied. */
  #awaitSnapshot(reason: ClientResyncReason | undefined): void {
    this.#snapshot = { reason };
    this.#held = [];
  }

  /**
   * Replaces the state with the server's at the snapshot's cursor (the reducer keeps my known votes), then applies
   * the room events held meanwhile: those up to the cursor are dropped by `seq`.
   */
  #applySnapshot(message: UnicastMessage<'session:synchronized'>): void {
    const { options } = this;
    const awaited = this.#snapshot;
    this.#snapshot = undefined;
    const pending = this.#held ?? [];
    this.#held = undefined;
    this.#generation += 1;
    options.store.applyOne(message);
    this.#resetSequence(message.payload.seq);
    this.cursor = message.payload.cursor;
    if (awaited?.reason) options.onResync({ reason: awaited.reason, source: 'server_snapshot' });
    for (const held of pending) if (!this.#halted) this.#applyRoom(held);
  }

  #handleUnicast(message: UnicastMessage): void {
    const { options } = this;
    switch (message.event) {
      case 'connection:established': {
        const { historyCount = 0, historyComplete, snapshot, cursor: serverCursor } = message.payload;
        this.#participant = message.payload.role === 'participant';
        this.#resetSequence(0);
        // With a snapshot the state is replaced once it arrives, with no empty state in between.
        if (snapshot) this.#awaitSnapshot(undefined);
        else {
          options.store.reset();
          if (historyCount === 0) this.cursor = serverCursor;
          if (historyComplete === false) this.#rebuildFromSnapshot('history_incomplete', serverCursor);
        }
        options.onReady(message.payload.heartbeatIntervalMs);
        break;
      }
      case 'connection:reconnected': {
        const { recovered, snapshot, resyncReason, cursor: serverCursor } = message.payload;
        this.#participant = message.payload.role === 'participant';
        if (recovered === false) {
          const reason = resyncReason ?? 'cursor_invalid';
          if (snapshot) this.#awaitSnapshot(reason);
          else this.#rebuildFromSnapshot(reason, serverCursor);
        }
        options.onReady(message.payload.heartbeatIntervalMs);
        break;
      }
      case 'session:synchronized':
        this.#applySnapshot(message);
        break;
      case 'connection:heartbeat':
        options.onHeartbeat(message.requestId);
        // An echo answers the client's own heartbeat: not news for the app.
        if (message.requestId !== undefined) return;
        break;
      default:
        options.store.applyOne(message);
        options.onResponse(message);
    }
    options.handlers.emit(message.event, message.payload, message);
  }
}
