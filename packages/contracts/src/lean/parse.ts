/**
 * The parsers of `@pollwire/contracts/client`: the same API, results and error codes as the Zod-based parsers of
 * the main entry, backed by the generated lean validators (no Zod in the bundle). The agreement tests hold both
 * to the same verdicts and outputs; a lean error carries the first issue only.
 */
import type { EventName } from '../catalog.js';
import { fromServer, toServer } from '../generated/validators.js';
import { type ParseResult, decode, describeEvent, describeIssue, fail, hasOwn, isRecord } from '../parse-result.js';
import type { ClientMessage, ServerMessage } from '../types.js';
import { INVALID, type Validator, lastIssue } from './schema.js';

function validate<T>(check: Validator, frame: Record<string, unknown>): ParseResult<T> {
  const message = check(frame);
  if (message !== INVALID) return { ok: true, message: message as T };
  const { code, path, message: custom } = lastIssue();
  const issue = { path, code, message: custom ?? describeIssue(lastIssue()) };
  return fail('invalid_message', issue.message, frame, [issue]);
}

function knownEvent(frame: Record<string, unknown>): EventName | undefined {
  const { event } = frame;
  return typeof event === 'string' && hasOwn.call(fromServer, event) ? (event as EventName) : undefined;
}

function parseServerEnvelope(value: unknown): ParseResult<ServerMessage> {
  if (!isRecord(value)) return fail('not_an_object', 'frame must be a JSON object');
  const name = knownEvent(value);
  if (!name) return fail('unknown_event', `unknown event ${describeEvent(value.event)}`, value);
  const { room, unicast } = fromServer[name];
  const check = value.seq !== undefined ? (room ?? unicast) : (unicast ?? room);
  if (!check) return fail('wrong_direction', `${name} is not sent by servers`, value);
  return validate<ServerMessage>(check, value);
}

/**
 * Parses one server-to-client envelope (a JSON string or an already-decoded object), without Zod.
 * Never throws: bad input yields `{ ok: false, error }` with a machine-readable `code` and the first issue's path.
 *
 * @example
 * import { parseServerMessage } from '@pollwire/contracts/client';
 * const result = parseServerMessage(event.data);
 * if (result.ok && result.message.event === 'poll:activated') show(result.message.payload.question);
 */
export function parseServerMessage(data: unknown): ParseResult<ServerMessage> {
  const decoded = decode(data);
  return decoded.ok ? parseServerEnvelope(decoded.message) : decoded;
}

/**
 * Parses a server frame, which is one envelope or a batch (a JSON array of envelopes, used for replay), without
 * Zod. Returns one result per envelope, in order.
 *
 * @example
 * for (const result of parseServerFrame(event.data)) if (result.ok) apply(result.message);
 */
export function parseServerFrame(data: unknown): ParseResult<ServerMessage>[] {
  const decoded = decode(data);
  if (!decoded.ok) return [decoded];
  return Array.isArray(decoded.message)
    ? decoded.message.map(parseServerEnvelope)
    : [parseServerEnvelope(decoded.message)];
}

/**
 * Parses one client-to-server envelope (a JSON string or an object), without Zod. Strict: unknown keys are
 * rejected. Never throws.
 *
 * @example
 * const checked = parseClientMessage({ event: 'vote:submitted', requestId, payload });
 * if (!checked.ok) throw new Error(checked.error.message);
 */
export function parseClientMessage(data: unknown): ParseResult<ClientMessage> {
  const decoded = decode(data);
  if (!decoded.ok) return decoded;
  const value = decoded.message;
  if (!isRecord(value)) return fail('not_an_object', 'frame must be a JSON object');
  const name = knownEvent(value);
  if (!name) return fail('unknown_event', `unknown event ${describeEvent(value.event)}`, value);
  const check = toServer[name];
  if (!check) return fail('wrong_direction', `${name} is not sent by clients`, value);
  return validate<ClientMessage>(check, value);
}
