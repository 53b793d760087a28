/**
 * The slice of a structured logger Pollwire writes to: pino's (and most loggers') `level(object, message)` shape.
 * Entries carry an `event` name and figures (codes, reasons, counts, opaque connection and session ids), never a
 * participant id, display name, token or address.
 *
 * @example
 * import pino from 'pino';
 * const pollwire = createPollwire({ logger: pino() });
 */
export interface PollwireLogger {
  info(entry: object, message?: string): void;
  warn(entry: object, message?: string): void;
  error(entry: object, message?: string): void;
}

/** Writes nothing. */
export const silentLogger: PollwireLogger = {
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** A logger whose exceptions cannot reach the hub. */
export function guardLogger(logger: PollwireLogger | undefined): PollwireLogger {
  if (!logger) return silentLogger;
  const guard =
    (level: keyof PollwireLogger) =>
    (entry: object, message?: string): void => {
      try {
        logger[level](entry, message);
      } catch {
        // a failing logger must not break the hub
      }
    };
  return { info: guard('info'), warn: guard('warn'), error: guard('error') };
}
