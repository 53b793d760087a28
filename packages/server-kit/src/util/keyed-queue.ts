/** Runs tasks one at a time per key, in submission order; tasks of different keys run concurrently. */
export interface KeyedQueue {
  run<T>(key: string, task: () => Promise<T> | T): Promise<T>;
}

/**
 * Serializes async work per key (e.g. per session), so read-check-write sequences over async stores
 * stay atomic on one node and broadcasts keep their order.
 */
export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, task) {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
