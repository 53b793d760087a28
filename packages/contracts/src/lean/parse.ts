/**
 * The parsers of `@pollwire/contracts/client`: the same API, results and error codes as the Zod-based parsers of
 * the main entry, backed by the generated lean validators (no Zod in the bundle). The agreement tests hold both
 * to the same verdicts and outputs; a lean error carries the first issue only.
 */
import { fromServer, toServer } from '../generated/validators.js';
import { type ParseResult, describeIssue, fail } from '../parse-result.js';
import { createParsers } from '../parsers.js';
import type { ClientMessage, ServerMessage } from '../types.js';
import { INVALID, type Validator, recordedIssue } from './schema.js';

const checks: Record<string, { room?: Validator; unicast?: Validator; toServer?: Validator }> = { ...fromServer };
for (const [name, toServerCheck] of Object.entries(toServer))
  checks[name] = { ...checks[name], toServer: toServerCheck };

const parsers = createParsers<Validator>({
  checks,
  validate(check, frame, owned) {
    const message = check(frame, owned);
    if (message !== INVALID) return { ok: true, message: message as never };
    const issue = recordedIssue(describeIssue);
    return fail('invalid_message', issue.message, frame, [issue]);
  },
});

/**
 * Parses one server-to-client envelope (a JSON string or an already-decoded object), without Zod.
 * Never throws: bad input yields `{ ok: false, error }` with a machine-readable `code` and the first issue's path.
 *
 * @example
 * import { parseServerMessage } from '@pollwire/contracts/client';
 * const result = parseServerMessage(event.data);
 * if (result.ok && result.message.event === 'poll:activated') show(result.message.payload.question);
 */
export const parseServerMessage: (data: unknown) => ParseResult<ServerMessage> = parsers.parseServerMessage;

/**
 * Parses a server frame, which is one envelope or a batch (a JSON array of envelopes, used for replay), without
 * Zod. Returns one result per envelope, in order.
 *
 * @example
 * for (const result of parseServerFrame(event.data)) if (result.ok) apply(result.message);
 */
export const parseServerFrame: (data: unknown) => ParseResult<ServerMessage>[] = parsers.parseServerFrame;

/**
 * Parses one client-to-server envelope (a JSON string or an object), without Zod. Strict: unknown keys are
 * rejected. Never throws.
 *
 * @example
 * const checked = parseClientMessage({ event: 'vote:submitted', requestId, payload });
 * if (!checked.ok) throw new Error(checked.error.message);
 */
export const parseClientMessage: (data: unknown) => ParseResult<ClientMessage> = parsers.parseClientMessage;
