/** `pollwire:` */
export const DEFAULT_KEY_PREFIX = 'pollwire:';

/**
 * Key names. Every key of a session carries the session id as a hash tag (`{sessionId}`), so a session's
 * keys share one Cluster slot and its scripts stay single-slot.
 */
export interface RedisKeys {
  readonly prefix: string;
  /** Hash: `epoch`, `seq` (last assigned), `t` (time of the last append, ms). */
  logMeta(sessionId: string): string;
  /** Stream of room events; entry id `<seq>-0`, fields `seq`, `t`, `frame`. */
  logStream(sessionId: string): string;
  /** Hash: participantId -> JSON of the accepted vote. */
  votes(sessionId: string, pollId: string): string;
  /** Hash: `<participantId>:<requestId>` -> JSON of the vote it produced (requestIds are per session). */
  voteRequests(sessionId: string): string;
  /** Hash: `votes`, `o:<optionId>`, `r:<rating>`, `rsum`. */
  voteTally(sessionId: string, pollId: string): string;
  /** Hash: participantId -> connections on every node. */
  presence(sessionId: string): string;
  /** Hash: `<nodeId>|<participantId>` -> connections on that node. */
  presenceByNode(sessionId: string): string;
  /** Sorted set: nodeId -> heartbeat deadline (ms, Redis time). */
  nodes(): string;
  /** Set: sessions a node holds presence in. */
  nodeSessions(nodeId: string): string;
  /** Any other key of a session (stores). */
  session(sessionId: string, name: string): string;
  /** A key outside sessions (stores). */
  global(name: string): string;
}

/** Builds the key names under `prefix`. */
export function createRedisKeys(prefix: string = DEFAULT_KEY_PREFIX): RedisKeys {
  const s = (sessionId: string) => `${prefix}s:{${sessionId}}`;
  return {
    prefix,
    logMeta: (sessionId) => `${s(sessionId)}:log:meta`,
    logStream: (sessionId) => `${s(sessionId)}:log`,
    votes: (sessionId, pollId) => `${s(sessionId)}:poll:${pollId}:votes`,
    voteRequests: (sessionId) => `${s(sessionId)}:vote-requests`,
    voteTally: (sessionId, pollId) => `${s(sessionId)}:poll:${pollId}:tally`,
    presence: (sessionId) => `${s(sessionId)}:presence`,
    presenceByNode: (sessionId) => `${s(sessionId)}:presence:nodes`,
    nodes: () => `${prefix}nodes`,
    nodeSessions: (nodeId) => `${prefix}node:${nodeId}:sessions`,
    session: (sessionId, name) => `${s(sessionId)}:${name}`,
    global: (name) => `${prefix}${name}`,
  };
}
