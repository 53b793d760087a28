import * as z from 'zod/mini';
import { POLL_TYPES } from './limits.js';

// The limits are plain data in a Zod-free module: `@pollwire/contracts/client` (and server-kit) read them too.
export { MAX_POLL_OPTIONS, MAX_TEXT_LENGTH, POLL_TYPES } from './limits.js';

/** An RFC 9562 UUID string. */
export const uuid = () => z.uuid();
/** An ISO 8601 timestamp in UTC (`Z` suffix, no offset), e.g. `2026-01-03T10:00:00.000Z`. */
export const timestamp = () => z.iso.datetime();
/** A non-negative integer count. */
export const count = () => z.int().check(z.minimum(0));
/** A percentage between 0 and 100 inclusive. */
export const percentage = () => z.number().check(z.minimum(0), z.maximum(100));
/** A non-empty string of at most `max` characters. */
export const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
/** An opaque identifier issued by the server (connection ids, event ids, cursors). */
export const opaqueId = () => z.string().check(z.minLength(1), z.maxLength(128));
/** A rating bound or value. */
export const rating = () => z.int().check(z.minimum(-1000), z.maximum(1000));

export const pollType = () => z.enum(POLL_TYPES);
