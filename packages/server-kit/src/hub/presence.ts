import type { MaybePromise } from '../util/maybe-promise.js';

/** What a participant's connection opening or closing changed, as the presence source sees it. */
export interface PresenceChange {
  /** The participant's first connection anywhere opened (connect), or its last one closed (disconnect). */
  changed: boolean;
  /** Distinct participants connected to the session anywhere. */
  participantCount: number;
}

/** The outcome of {@link HubPresence.claimCountAnnouncement}. */
export type CountClaim = { outcome: 'announce'; participantCount: number } | { outcome: 'busy' };

/**
 * Where the hub counts participants when several nodes serve one session (e.g. `createRedisBackends().presence`).
 * Without it, the hub counts the participants connected to this node. The hub calls `connect`/`disconnect` once per
 * participant connection, in order per participant, and emits `participant:joined`/`participant:disconnected` only
 * when `changed` is true.
 *
 * @example
 * const { presence } = createRedisBackends({ client });
 * await presence.start();
 * const hub = createHub({ log, presence });
 */
export interface HubPresence {
  connect(sessionId: string, participantId: string): MaybePromise<PresenceChange>;
  disconnect(sessionId: string, participantId: string): MaybePromise<PresenceChange>;
  /** Distinct participants connected to the session anywhere (`session:started`/`session:ended` counts). */
  participantCount(sessionId: string): MaybePromise<number>;
  /**
   * Claims the session's next `participant:counted` for this node, so participants get at most one count per
   * interval over the whole cluster (without it, one per interval per node): `busy` when another node announced in
   * the last `intervalMs` (the hub retries), else the cluster's count to announce now.
   */
  claimCountAnnouncement?(sessionId: string, intervalMs: number): MaybePromise<CountClaim>;
}
