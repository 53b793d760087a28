import type * as z from 'zod/mini';
import { envelopeSchemas } from './envelope.js';
import { type ParseIssue, type ParseResult, describeIssue, fail } from './parse-result.js';
import { createParsers } from './parsers.js';
import type { ClientMessage, ServerMessage } from './types.js';

export type { ParseError, ParseErrorCode, ParseIssue, ParseResult } from './parse-result.js';

function toIssues(error: z.core.$ZodError): ParseIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path,
    code: issue.code,
    message: issue.message === 'Invalid input' ? describeIssue(issue) : issue.message,
  }));
}

const parsers = createParsers<z.ZodMiniType>({
  checks: envelopeSchemas,
  validate(schema, frame) {
    const result = schema.safeParse(frame);
    if (result.success) return { ok: true, message: result.data as never };
    const issues = toIssues(result.error);
    return fail('invalid_message', issues.map((i) => i.message).join('; '), frame, issues);
  },
});

/**
 * Parses one server-to-client envelope (a JSON string or an already-decoded object).
 * Never throws: bad input yields `{ ok: false, error }` with a machine-readable `code` and issue paths.
 *
 * @example
 * const result = parseServerMessage(event.data);
 * if (result.ok && result.message.event === 'poll:activated') show(result.message.payload.question);
 */
export const parseServerMessage: (data: unknown) => ParseResult<ServerMessage> = parsers.parseServerMessage;

/**
 * Parses a server frame, which is one envelope or a batch (a JSON array of envelopes, used for replay).
 * Returns one result per envelope, in order.
 */
export const parseServerFrame: (data: unknown) => ParseResult<ServerMessage>[] = parsers.parseServerFrame;

/**
 * Parses one client-to-server envelope (a JSON string or an object). Strict: unknown keys are rejected.
 * Never throws.
 *
 * @example
 * const result = parseClientMessage(raw);
 * if (!result.ok) reply('invalid_message', result.error.message);
 */
export const parseClientMessage: (data: unknown) => ParseResult<ClientMessage> = parsers.parseClientMessage;
