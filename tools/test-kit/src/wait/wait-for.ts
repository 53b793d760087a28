/** How often {@link waitFor} checks. */
export const WAIT_FOR_INTERVAL_MS = 10;

/**
 * Polls `check` until it holds; rejects after `timeoutMs`, naming `label`.
 *
 * @example
 * await waitFor(() => client.isReady, 5_000, 'reconnect');
 */
export async function waitFor(check: () => boolean, timeoutMs = 10_000, label = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, WAIT_FOR_INTERVAL_MS));
  }
}
