import type { ReplayLog } from '../log/types.js';
import type { PollwireMetrics } from './metrics.js';

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

/** Times a call that may answer synchronously (the memory log) without making it asynchronous. */
function timed<T>(call: () => T | Promise<T>, record: (seconds: number) => void): T | Promise<T> {
  const started = performance.now();
  const result = call();
  if (!isPromise(result)) {
    record((performance.now() - started) / 1000);
    return result;
  }
  return result.then((value) => {
    record((performance.now() - started) / 1000);
    return value;
  });
}

/**
 * The hub's view of its log: `append` and `read` timed into `pollwire.log.operation.duration` (failed calls are not
 * recorded). The other methods are the log's own.
 */
export function timeLog(log: ReplayLog, metrics: PollwireMetrics): ReplayLog {
  const store = log.store ?? 'custom';
  const appended = metrics.logTimer('append', store);
  const read = metrics.logTimer('read', store);
  const timedLog: ReplayLog = {
    append: (sessionId, entry) => timed(() => log.append(sessionId, entry), appended),
    read: (sessionId, cursor) => timed(() => log.read(sessionId, cursor), read),
    history: (sessionId) => log.history(sessionId),
    head: (sessionId) => log.head(sessionId),
  };
  if (log.subscribe) timedLog.subscribe = log.subscribe.bind(log);
  return timedLog;
}
