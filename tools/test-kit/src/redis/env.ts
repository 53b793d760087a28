/** The Redis tests use when `REDIS_URL` is not set. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** The Redis the tests use: `REDIS_URL`, or {@link DEFAULT_REDIS_URL}. */
export const REDIS_URL = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
