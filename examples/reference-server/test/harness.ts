import { type FrameRecorder, type FrameRecorderOptions, openRecorder } from '@pollwire/test-kit';
import { type ReferenceServer, type ReferenceServerOptions, startReferenceServer } from '../src/server.js';

/** A WebSocket client that records every frame and every envelope (batches flattened, contract-parsed). */
export type TestClient = FrameRecorder;

/** Opens a recorded client; a frame the contract rejects fails the run, waits time out after 5 s. */
export const connect = (
  url: string,
  options: Pick<FrameRecorderOptions, 'origin' | 'autoPong'> = {},
): Promise<TestClient> => openRecorder(url, { ...options, onInvalid: 'throw', timeoutMs: 5000 });

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
