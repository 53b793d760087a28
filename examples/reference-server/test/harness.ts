import { parseServerFrame, type ServerMessage } from '@pollwire/contracts';
import WebSocket from 'ws';
import { type ReferenceServer, type ReferenceServerOptions, startReferenceServer } from '../src/server.js';

/** A WebSocket client that records every frame and every envelope (batches flattened, contract-parsed). */
export interface TestClient {
  ws: WebSocket;
  frames: string[];
  messages: ServerMessage[];
  /** Resolves with the first message (from index `from`) matching, within the timeout. */
  next(predicate: (message: ServerMessage) => boolean, from?: number, timeoutMs?: number): Promise<ServerMessage>;
  /** Resolves once `count` messages were received. */
  count(count: number, timeoutMs?: number): Promise<void>;
  send(frame: unknown): void;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export async function connect(url: string, options: { origin?: string; autoPong?: boolean } = {}): Promise<TestClient> {
  const ws = new WebSocket(url, {
    ...(options.origin ? { origin: options.origin } : {}),
    ...(options.autoPong === undefined ? {} : { autoPong: options.autoPong }),
  });
  const frames: string[] = [];
  const messages: ServerMessage[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    const text = data.toString();
    frames.push(text);
    for (const result of parseServerFrame(text)) {
      if (!result.ok) throw new Error(`server sent an invalid frame: ${result.error.message}\n${text}`);
      messages.push(result.message);
    }
    for (const wake of [...waiters]) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const waitUntil = (check: () => boolean, what: string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`timed out waiting for ${what}; got ${messages.map((m) => m.event).join(', ')}`));
      }, timeoutMs);
      const wake = () => {
        if (!check()) return;
        clearTimeout(timer);
        waiters.delete(wake);
        resolve();
      };
      waiters.add(wake);
    });
  return {
    ws,
    frames,
    messages,
    async next(predicate, from = 0, timeoutMs = 5000) {
      let found: ServerMessage | undefined;
      await waitUntil(
        () => {
          found = messages.slice(from).find(predicate);
          return found !== undefined;
        },
        'a matching message',
        timeoutMs,
      );
      return found!;
    },
    count: (count, timeoutMs = 5000) => waitUntil(() => messages.length >= count, `${count} messages`, timeoutMs),
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    closed,
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      await closed;
    },
  };
}

/** Expects the upgrade to be refused with this HTTP status. */
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

/** A typed JSON call to the reference API. */
export async function api<T = Record<string, unknown>>(
  server: Pick<ReferenceServer, 'httpUrl'>,
  method: 'GET' | 'POST',
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${server.httpUrl}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export interface Scenario {
  server: ReferenceServer;
  sessionId: string;
  slug: string;
  presenterToken: string;
  ws(token: string, query?: string): string;
  join(displayName?: string): Promise<{ participantId: string; token: string }>;
  poll(body: Record<string, unknown>): Promise<Record<string, unknown> & { pollId: string }>;
  post(path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
}

/** Starts a server and creates a session. */
export async function startScenario(options: ReferenceServerOptions = {}): Promise<Scenario> {
  const server = await startReferenceServer({ port: 0, ...options });
  const created = await api<{ sessionId: string; slug: string; presenterToken: string }>(
    server,
    'POST',
    '/api/sessions',
    {
      body: { title: 'Integration session' },
    },
  );
  const { sessionId, slug, presenterToken } = created.body;
  const base = `/api/sessions/${sessionId}`;
  return {
    server,
    sessionId,
    slug,
    presenterToken,
    ws: (token, query = '') => `${server.wsUrl}?token=${encodeURIComponent(token)}${query}`,
    async join(displayName) {
      const joined = await api<{ participantId: string; token: string }>(server, 'POST', `/api/sessions/${slug}/join`, {
        body: displayName === undefined ? {} : { displayName },
      });
      return joined.body;
    },
    async poll(body) {
      const created = await api<Record<string, unknown> & { pollId: string }>(server, 'POST', `${base}/polls`, {
        token: presenterToken,
        body,
      });
      if (created.status !== 201) throw new Error(`poll creation failed: ${JSON.stringify(created.body)}`);
      return created.body;
    },
    post: (path, body) => api(server, 'POST', `${base}${path}`, { token: presenterToken, body }),
  };
}

export const voteFrame = (
  participantId: string,
  pollId: string,
  voteData: Record<string, unknown>,
  requestId?: string,
) => ({
  event: 'vote:submitted',
  ...(requestId === undefined ? {} : { requestId }),
  payload: { pollId, participantId, voteData, submittedAt: new Date().toISOString() },
});
