import {
  checkServerPayload,
  type RoomEventName,
  type RoomPayload,
  type UnicastEventName,
  type UnicastPayload,
} from '@pollwire/contracts/client';
import { PayloadValidationError } from '../errors.js';

// The lean validators, not Zod: server-kit loads no Zod at run time. A failure names its first issue.
function check(event: string, scope: 'room' | 'unicast', payload: unknown): unknown {
  const checked = checkServerPayload(event as RoomEventName, scope, payload);
  if (!checked.ok) throw new PayloadValidationError(event, checked.issues);
  // The parsed value: keys a non-strict schema does not know are stripped, so they never reach the wire.
  return checked.payload;
}

/**
 * Validates a room payload against the contract and returns the clean payload (unknown keys stripped).
 * Throws {@link PayloadValidationError} naming the first issue.
 *
 * @example
 * const payload = validateRoomPayload('poll:closed', { pollId, closedAt, finalVoteCount });
 */
export const validateRoomPayload = <E extends RoomEventName>(event: E, payload: RoomPayload<E>): RoomPayload<E> =>
  check(event, 'room', payload) as RoomPayload<E>;

/** Validates a unicast payload against the contract; throws {@link PayloadValidationError} naming the first issue. */
export const validateUnicastPayload = <E extends UnicastEventName>(
  event: E,
  payload: UnicastPayload<E>,
): UnicastPayload<E> => check(event, 'unicast', payload) as UnicastPayload<E>;
