import type * as z from 'zod/mini';
import { type EventName, eventCatalog } from './catalog.js';
import { envelopeSchemas } from './envelope.js';
import type { ClientMessage, ServerMessage } from './types.js';

/** Why a frame failed to parse. */
export type ParseErrorCode = 'invalid_json' | 'not_an_object' | 'unknown_event' | 'wrong_direction' | 'invalid_message';

export interface ParseIssue {
  /** Where in the envelope the problem is, e.g. `['payload', 'voteData', 'ratingValue']`. */
  path: PropertyKey[];
  /** Zod issue code, e.g. `invalid_type`, `too_small`, `unrecognized_keys`. */
  code: string;
  message: string;
}

export interface ParseError {
  code: ParseErrorCode;
  message: string;
  /** The frame's `event` field, when it had a string one. */
  event?: string;
  /** The frame's `requestId`, when it had a string one (so errors can be correlated). */
  requestId?: string;
  issues: ParseIssue[];
}

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: ParseError };

const hasOwn = Object.prototype.hasOwnProperty;

function fail(code: ParseErrorCode, message: string, frame?: Record<string, unknown>, issues: ParseIssue[] = []) {
  const error: ParseError = { code, message, issues };
  if (frame && typeof frame.event === 'string') error.event = frame.event.slice(0, 128);
  if (frame && typeof frame.requestId === 'string') error.requestId = frame.requestId.slice(0, 128);
  return { ok: false as const, error };
}

function toIssues(error: z.core.$ZodError): ParseIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path,
    code: issue.code,
    message: issue.message === 'Invalid input' ? describe(issue) : issue.message,
  }));
}

function describe(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.join('.') : 'value';
  switch (issue.code) {
    case 'invalid_type':
      return `${where}: expected ${issue.expected}`;
    case 'invalid_format':
      return `${where}: invalid ${issue.format}`;
    case 'too_small':
      return `${where}: must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `${where}: must be at most ${String(issue.maximum)}`;
    case 'unrecognized_keys':
      return `${where}: unknown keys ${issue.keys.join(', ')}`;
    case 'invalid_value':
      return `${where}: must be one of ${issue.values.map(String).join(', ')}`;
    default:
      return `${where}: invalid`;
  }
}

function decode(data: unknown): ParseResult<unknown> {
  if (typeof data !== 'string') return { ok: true, message: data };
  try {
    return { ok: true, message: JSON.parse(data) };
  } catch {
    return fail('invalid_json', 'frame is not valid JSON');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeEvent(event: unknown): string {
  return typeof event === 'string'
    ? JSON.stringify(event.slice(0, 64))
    : `of type ${event === null ? 'null' : typeof event}`;
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
