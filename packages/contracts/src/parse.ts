import type * as z from 'zod/mini';
import { type EventName, eventCatalog } from './catalog.js';
import { envelopeSchemas } from './envelope.js';
import {
  type ParseIssue,
  type ParseResult,
  decode,
  describeEvent,
  describeIssue,
  fail,
  hasOwn,
  isRecord,
} from './parse-result.js';
import type { ClientMessage, ServerMessage } from './types.js';

export type { ParseError, ParseErrorCode, ParseIssue, ParseResult } from './parse-result.js';

function toIssues(error: z.core.$ZodError): ParseIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path,
    code: issue.code,
    message: issue.message === 'Invalid input' ? describeIssue(issue) : issue.message,
  }));
}

function knownEvent(frame: Record<string, unknown>): EventName | undefined {
  const { event } = frame;
  return typeof event === 'string' && hasOwn.call(eventCatalog, event) ? (event as EventName) : undefined;
}

function validate<T>(schema: z.ZodMiniType, frame: Record<string, unknown>): ParseResult<T> {
  const result = schema.safeParse(frame);
  if (result.success) return { ok: true, message: result.data as T };
  const issues = toIssues(result.error);
  return fail('invalid_message', issues.map((i) => i.message).join('; '), frame, issues);
}

function parseServerEnvelope(value: unknown): ParseResult<ServerMessage> {
  if (!isRecord(value)) return fail('not_an_object', 'frame must be a JSON object');
  const name = knownEvent(value);
  if (!name) return fail('unknown_event', `unknown event ${describeEvent(value.event)}`, value);
  const schemas = envelopeSchemas[name];
  const schema = value.seq !== undefined ? (schemas.room ?? schemas.unicast) : (schemas.unicast ?? schemas.room);
  if (!schema) return fail('wrong_direction', `${name} is not sent by servers`, value);
  return validate<ServerMessage>(schema, value);
}

/**
 * Parses one server-to-client envelope (a JSON string or an already-decoded object).
 * Never throws: bad input yields `{ ok: false, error }` with a machine-readable `code` and issue paths.
 *
 * @example
 * const result = parseServerMessage(event.data);
 * if (result.ok && result.message.event === 'poll:activated') show(result.message.payload.question);
 */
export function parseServerMessage(data: unknown): ParseResult<ServerMessage> {
  const decoded = decode(data);
  return decoded.ok ? parseServerEnvelope(decoded.message) : decoded;
}

/**
 * Parses a server frame, which is one envelope or a batch (a JSON array of envelopes, used for replay).
 * Returns one result per envelope, in order.
 */
export function parseServerFrame(data: unknown): ParseResult<ServerMessage>[] {
  const decoded = decode(data);
  if (!decoded.ok) return [decoded];
  return Array.isArray(decoded.message)
    ? decoded.message.map(parseServerEnvelope)
    : [parseServerEnvelope(decoded.message)];
}

/**
 * Parses one client-to-server envelope (a JSON string or an object). Strict: unknown keys are rejected.
 * Never throws.
 *
 * @example
 * const result = parseClientMessage(raw);
 * if (!result.ok) reply('invalid_message', result.error.message);
 */
export function parseClientMessage(data: unknown): ParseResult<ClientMessage> {
  const decoded = decode(data);
  if (!decoded.ok) return decoded;
  const value = decoded.message;
  if (!isRecord(value)) return fail('not_an_object', 'frame must be a JSON object');
  const name = knownEvent(value);
  if (!name) return fail('unknown_event', `unknown event ${describeEvent(value.event)}`, value);
  const schema = envelopeSchemas[name].toServer;
  if (!schema) return fail('wrong_direction', `${name} is not sent by clients`, value);
  return validate<ClientMessage>(schema, value);
}
