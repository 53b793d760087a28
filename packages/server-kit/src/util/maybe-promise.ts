/** A value or a promise of it: store and log interfaces may be synchronous (in-memory) or asynchronous (Redis). */
export type MaybePromise<T> = T | Promise<T>;
