import type { ResyncReason, ServerEventMap, ServerEventName, ServerMessage } from '@pollwire/contracts';
import type { StatusChange } from './connection.js';
import type { PollwireError } from './errors.js';

/** Why the client rebuilt its state: a server `resyncReason`, or a history that no longer starts at `seq` 1. */
export type ClientResyncReason = ResyncReason | 'history_incomplete';

/** Emitted once the state has been rebuilt after a resume that did not replay the missed events. */
export interface ResyncEvent {
  reason: ClientResyncReason;
  /**
   * - `server_snapshot`: replaced by the server's `session:synchronized`.
   * - `snapshot`: rebuilt from the app's `loadSnapshot()` (the server had no state to send).
   * - `none`: no way to rebuild (no `loadSnapshot` option, or it failed); the state restarted empty.
   */
  source: 'server_snapshot' | 'snapshot' | 'none';
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
