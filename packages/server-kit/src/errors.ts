/** Machine-readable codes of the errors server-kit throws. */
export type PollwireErrorCode =
  | 'invalid_payload'
  | 'invalid_input'
  | 'invalid_transition'
  | 'not_found'
  | 'forbidden'
  | 'unavailable';

/** Base class of every error server-kit throws; `code` is stable, `message` is for humans. */
export class PollwireError extends Error {
  override name = 'PollwireError';
  readonly code: PollwireErrorCode;
  constructor(code: PollwireErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * A payload failed its contract schema; nothing was sent or logged (fail closed). `issues` holds the first issue
 * found (server-kit validates without Zod); `eventCatalog[event].scopes` of `@pollwire/contracts` lists them all.
 */
export class PayloadValidationError extends PollwireError {
  override name = 'PayloadValidationError';
  readonly event: string;
  readonly issues: readonly { path: PropertyKey[]; message: string }[];
  constructor(
    event: string,
    issues: readonly { path: PropertyKey[]; message: string }[],
    options?: { cause?: unknown },
  ) {
    super(
      'invalid_payload',
      `${event}: payload does not match the contract (${issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ')})`,
      options,
    );
    this.event = event;
    this.issues = issues;
  }
}

/** An input to a domain helper is invalid; `field` names it. */
export class InvalidInputError extends PollwireError {
  override name = 'InvalidInputError';
  readonly field: string;
  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super('invalid_input', message, options);
    this.field = field;
  }
}

/** A state machine refused a transition (e.g. starting an ended session). */
export class InvalidTransitionError extends PollwireError {
  override name = 'InvalidTransitionError';
  readonly entity: 'session' | 'poll';
  readonly from: string;
  readonly to: string;
  constructor(entity: 'session' | 'poll', from: string, to: string, options?: { cause?: unknown }) {
    super('invalid_transition', `${entity} cannot go from ${from} to ${to}`, options);
    this.entity = entity;
    this.from = from;
    this.to = to;
  }
}

/** A session, poll or participant does not exist. */
export class NotFoundError extends PollwireError {
  override name = 'NotFoundError';
  readonly entity: 'session' | 'poll' | 'participant';
  readonly id: string;
  constructor(entity: 'session' | 'poll' | 'participant', id: string, options?: { cause?: unknown }) {
    super('not_found', `${entity} ${id} not found`, options);
    this.entity = entity;
    this.id = id;
  }
}

/** The caller may not do this (e.g. listing voters of an anonymous poll). */
export class ForbiddenError extends PollwireError {
  override name = 'ForbiddenError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('forbidden', message, options);
  }
}

/**
 * A backing store is unreachable. Store implementations throw it (or an error whose `code` is
 * `'unavailable'`); clients then get `error:general` `unavailable` and nothing is applied.
 */
export class StoreUnavailableError extends PollwireError {
  override name = 'StoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('unavailable', message, options);
  }
}

/** Whether an error means "a store is unavailable" (typed or by `code`). */
export function isUnavailable(error: unknown): boolean {
  return (
    error instanceof StoreUnavailableError ||
    (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'unavailable')
  );
}
