import type { EventName } from '../catalog.js';
import { serverPayloads } from '../generated/validators.js';
import { INVALID } from './schema.js';

/**
 * Checks a payload a server is about to send with the generated lean validators: the same verdict and the same
 * output as the event's Zod schema (`safeParse(...).data`, unknown keys stripped; see the agreement tests), a few
 * times cheaper. `{ ok: false }` carries no issues: run the Zod schema then to describe them all.
 *
 * @example
 * const checked = checkServerPayload('vote:accepted', 'room', payload);
 * const clean = checked.ok ? checked.payload : explain(eventCatalog['vote:accepted'].scopes.room.safeParse(payload));
 */
export function checkServerPayload(
  event: EventName,
  scope: 'room' | 'unicast',
  payload: unknown,
): { ok: true; payload: unknown } | { ok: false } {
  const check = serverPayloads[event]?.[scope];
  const output = check === undefined ? INVALID : check(payload);
  return output === INVALID ? { ok: false } : { ok: true, payload: output };
}
