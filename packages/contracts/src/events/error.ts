import * as z from 'zod/mini';
import { MAX_TEXT_LENGTH, text, timestamp } from '../primitives.js';

export const errorGeneral = z.object({
  errorCode: z.string().check(z.regex(/^[a-z][a-z0-9_]{0,63}$/)),
  message: text(MAX_TEXT_LENGTH),
  timestamp: timestamp(),
  requestContext: z.optional(
    z.object({
      eventName: z.string().check(z.maxLength(128)),
      entityId: z.optional(z.string().check(z.maxLength(128))),
      /** Addition: the `requestId` of the failed frame, when it had one. */
      requestId: z.optional(z.string().check(z.maxLength(128))),
    }),
  ),
});
