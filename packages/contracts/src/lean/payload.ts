import type { EventName } from '../catalog.js';
import { serverPayloads } from '../generated/validators.js';
import { describeProblem, type ParseIssue } from '../parse-result.js';
import { INVALID, recordedIssue } from './schema.js';

/** What {@link checkServerPayload} finds. */
export type PayloadCheck = { ok: true; payload: unknown } | { ok: false; issues: ParseIssue[] };

/**
 * Checks a payload a server is about to send with the generated lean validators, without Zod: the same verdict
 * and the same output as the event's Zod schema (`safeParse(...).data`, unknown keys stripped; see the agreement
 * tests), a few times cheaper. A failure carries the first issue, its `message` without the path (as Zod words
 * issues); the event's Zod schema (`eventCatalog[event].scopes[scope]`) lists them all.
 *
 * @example
 * const checked = checkServerPayload('vote:accepted', 'room', payload);
 * if (!checked.ok) throw new Error(checked.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
 * send(checked.payload);
 */
export function checkServerPayload(event: EventName, scope: 'room' | 'unicast', payload: unknown): PayloadCheck {
  const check = serverPayloads[event]?.[scope];
  if (check === undefined) {
    return { ok: false, issues: [{ path: [], code: 'custom', message: `${String(event)} has no ${scope} shape` }] };
  }
  const output = check(payload);
  if (output !== INVALID) return { ok: true, payload: output };
  return { ok: false, issues: [recordedIssue(describeProblem)] };
}
