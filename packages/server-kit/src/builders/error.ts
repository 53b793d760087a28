import type { ErrorCode, UnicastPayload } from '@pollwire/contracts/client';

/** `error:general` (unicast); `requestContext` names the failed request. */
export function buildErrorGeneral(input: {
  errorCode: ErrorCode;
  message: string;
  timestamp: string;
  eventName?: string | undefined;
  entityId?: string | undefined;
  requestId?: string | undefined;
}): UnicastPayload<'error:general'> {
  const payload: UnicastPayload<'error:general'> = {
    errorCode: input.errorCode,
    message: input.message.slice(0, 2000) || input.errorCode,
    timestamp: input.timestamp,
  };
  if (input.eventName !== undefined) {
    const context: NonNullable<UnicastPayload<'error:general'>['requestContext']> = {
      eventName: input.eventName.slice(0, 128),
    };
    if (input.entityId !== undefined) context.entityId = input.entityId.slice(0, 128);
    if (input.requestId !== undefined) context.requestId = input.requestId.slice(0, 128);
    payload.requestContext = context;
  }
  return payload;
}
