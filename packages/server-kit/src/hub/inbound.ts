import {
  type ClientMessage,
  ERROR_CODES,
  type ErrorCode,
  type ParseErrorCode,
  parseClientMessage,
} from '@pollwire/contracts/client';

/** A client frame, decoded: a valid message, or the `error:general` to answer with. */
export type InboundFrame =
  | { ok: true; message: ClientMessage }
  | {
      ok: false;
      errorCode: ErrorCode;
      message: string;
      eventName?: string | undefined;
      requestId?: string | undefined;
    };

const PARSE_TO_ERROR: Record<ParseErrorCode, ErrorCode> = {
  invalid_json: ERROR_CODES.invalidJson,
  not_an_object: ERROR_CODES.invalidMessage,
  invalid_message: ERROR_CODES.invalidMessage,
  unknown_event: ERROR_CODES.unknownEvent,
  wrong_direction: ERROR_CODES.unknownEvent,
};

/** Decodes one client frame against the contract (pure; never throws). */
export function decodeInbound(data: string, isBinary: boolean): InboundFrame {
  if (isBinary) {
    return { ok: false, errorCode: ERROR_CODES.binaryNotSupported, message: 'binary frames are not supported' };
  }
  // The lean parser: Zod's verdict and output at a fraction of the cost, and no Zod loaded.
  const parsed = parseClientMessage(data);
  if (parsed.ok) return parsed;
  const { error } = parsed;
  return {
    ok: false,
    errorCode: PARSE_TO_ERROR[error.code],
    message: error.message,
    eventName: error.event,
    requestId: error.requestId,
  };
}
