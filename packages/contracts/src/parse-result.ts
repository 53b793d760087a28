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

/** The parts of a validation issue (Zod's or the lean validator's) a message is written from. */
export interface IssueDetail {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly expected?: unknown;
  readonly format?: unknown;
  readonly minimum?: unknown;
  readonly maximum?: unknown;
  readonly keys?: readonly string[];
  readonly values?: readonly unknown[];
}

export const hasOwn = Object.prototype.hasOwnProperty;

export function fail(
  code: ParseErrorCode,
  message: string,
  frame?: Record<string, unknown>,
  issues: ParseIssue[] = [],
) {
  const error: ParseError = { code, message, issues };
  if (frame && typeof frame.event === 'string') error.event = frame.event.slice(0, 128);
  if (frame && typeof frame.requestId === 'string') error.requestId = frame.requestId.slice(0, 128);
  return { ok: false as const, error };
}

/** A readable message for an issue that has no custom one, led by where it is. */
export function describeIssue(issue: IssueDetail): string {
  const where = issue.path.length > 0 ? issue.path.join('.') : 'value';
  return `${where}: ${describeProblem(issue)}`;
}

/** What is wrong, without where: for issue lists that print the path themselves. */
export function describeProblem(issue: Omit<IssueDetail, 'path'>): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${String(issue.expected)}`;
    case 'invalid_format':
      return `invalid ${String(issue.format)}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    case 'unrecognized_keys':
      return `unknown keys ${issue.keys?.join(', ')}`;
    case 'invalid_value':
      return `must be one of ${issue.values?.map(String).join(', ')}`;
    default:
      return 'invalid';
  }
}

/** Decodes JSON text; anything else is taken as already decoded. */
export function decode(data: unknown): ParseResult<unknown> {
  if (typeof data !== 'string') return { ok: true, message: data };
  try {
    return { ok: true, message: JSON.parse(data) };
  } catch {
    return fail('invalid_json', 'frame is not valid JSON');
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeEvent(event: unknown): string {
  return typeof event === 'string'
    ? JSON.stringify(event.slice(0, 64))
    : `of type ${event === null ? 'null' : typeof event}`;
}
