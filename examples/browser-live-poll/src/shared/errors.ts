/** A message for the page's error line. */
export const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));
