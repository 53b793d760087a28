import { CLOSE_CODES } from '@pollwire/contracts/client';

/** Why a connection ended, as the `pollwire.close.reason` metric attribute (a closed set). */
export type CloseReason =
  | 'peer'
  | 'going_away'
  | 'service_restart'
  | 'heartbeat_timeout'
  | 'handshake_failed'
  | 'send_failed'
  | 'unauthorized'
  | 'session_not_found'
  | 'rate_limited'
  | 'slow_consumer'
  | 'other';

const BY_CODE: Readonly<Record<number, CloseReason>> = {
  [CLOSE_CODES.serviceRestart]: 'service_restart',
  [CLOSE_CODES.unauthorized]: 'unauthorized',
  [CLOSE_CODES.sessionNotFound]: 'session_not_found',
  [CLOSE_CODES.rateLimited]: 'rate_limited',
  [CLOSE_CODES.slowConsumer]: 'slow_consumer',
};

/** 1001 covers several server-side causes; the hub's own reason text tells them apart. */
const GOING_AWAY: Readonly<Record<string, CloseReason>> = {
  'heartbeat timeout': 'heartbeat_timeout',
  'handshake failed': 'handshake_failed',
  'send failed': 'send_failed',
};

/** The reason of a close: `peer` when the socket closed on its own (the client left, or the network broke). */
export function closeReasonOf(code: number | undefined, reason: string | undefined): CloseReason {
  if (code === undefined) return 'peer';
  if (code === CLOSE_CODES.goingAway) return GOING_AWAY[reason ?? ''] ?? 'going_away';
  return BY_CODE[code] ?? 'other';
}
