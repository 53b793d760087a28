import type { ResyncReason, ServerEventMap, ServerEventName, ServerMessage } from '@pollwire/contracts';
import type { StatusChange } from './connection.js';
import type { PollwireError } from './errors.js';

/** Why the client rebuilt its state: a server `resyncReason`, or a history that no longer starts at `seq` 1. */
export type ClientResyncReason = ResyncReason | 'history_incomplete';

/** Emitted once the state has been rebuilt after a cursor could not be replayed. */
export interface ResyncEvent {
  reason: ClientResyncReason;
  /**
   * - `full_replay`: rebuilt from the session's whole log, replayed by the server.
   * - `snapshot`: rebuilt from the app's `loadSnapshot()`.
   * - `none`: no way to rebuild (no `loadSnapshot` option, or it failed); the state restarted empty.
   */
  source: 'full_replay' | 'snapshot' | 'none';
}

/** The envelope of server event `E`. */
export type MessageOf<E extends ServerEventName> = Extract<ServerMessage, { event: E }>;

/** Handlers of server events: the payload (inferred from the contract) and its envelope. */
export type ServerEventHandlers = {
  [E in ServerEventName]: (payload: ServerEventMap[E], message: MessageOf<E>) => void;
};

/** Every channel of `client.on`: server events plus the client's own `status`, `error` and `resync`. */
export interface ClientEventHandlers extends ServerEventHandlers {
  status: (change: StatusChange) => void;
  /** Bad frames, socket errors, handler exceptions, failed snapshots. Never thrown into the app. */
  error: (error: PollwireError) => void;
  resync: (event: ResyncEvent) => void;
}

export type ClientEventName = keyof ClientEventHandlers;
