import WebSocket from 'ws';

/**
 * The HTTP status a WebSocket upgrade is refused with; rejects when the upgrade succeeds.
 *
 * @example
 * expect(await upgradeStatus(`${server.wsUrl}?token=forged`)).toBe(401);
 */
export function upgradeStatus(url: string, options: { origin?: string } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options.origin ? { origin: options.origin } : {});
    ws.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      ws.terminate();
      reject(new Error('upgrade unexpectedly succeeded'));
    });
    ws.on('error', () => undefined);
  });
}
