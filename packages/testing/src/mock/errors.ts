import type { ParseError } from '@pollwire/contracts';

/** A frame the mock was asked to send, or received, that the contract rejects: the test that caused it fails. */
export class PollwireMockError extends Error {
  override name = 'PollwireMockError';
  readonly code: 'invalid_server_frame' | 'invalid_client_frame';
  /** The frame's event name, when it had one. */
  readonly event: string | undefined;
  /** Where the first problem is, e.g. `payload.options[0].optionId`. */
  readonly path: string | undefined;

  constructor(code: PollwireMockError['code'], error: ParseError) {
    const issue = error.issues[0];
    const path = issue ? formatPath(issue.path) : undefined;
    const who = code === 'invalid_server_frame' ? 'the mock would send' : 'the client sent';
    super(`${who} an invalid ${error.event ?? 'frame'}${path ? ` at ${path}` : ''}: ${error.message}`, {
      cause: error,
    });
    this.code = code;
    this.event = error.event;
    this.path = path;
  }
}

/** `['payload', 'options', 0, 'optionId']` -> `payload.options[0].optionId`. */
export const formatPath = (path: readonly PropertyKey[]): string =>
  path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
