import type { PollCreatedPayload, RoomPayload } from '@pollwire/contracts';

/** What `POST /api/sessions/:sessionId/polls` takes. */
export interface PollInput {
  question: string;
  pollType: PollCreatedPayload['pollType'];
  options?: string[];
  allowMultiple?: boolean;
  isAnonymous?: boolean;
  minRating?: number;
  maxRating?: number;
}

/** A non-2xx answer of the reference API. */
export class ApiCallError extends Error {
  override name = 'ApiCallError';
  readonly code = 'api_call_failed';
  readonly status: number;
  constructor(status: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
  }
}

/**
 * The reference server's HTTP API, as the simulated presenter and participants call it.
 *
 * @example
 * const api = createHttpApi('http://127.0.0.1:8080');
 * const session = await api.createSession('Demo');
 */
export function createHttpApi(baseUrl: string) {
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown, token?: string): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new ApiCallError(response.status, `${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
  return {
    createSession: (title: string) =>
      call<{ sessionId: string; slug: string; presenterId: string; presenterToken: string }>('POST', '/api/sessions', {
        title,
      }),
    join: (slug: string, displayName?: string) =>
      call<{ sessionId: string; participantId: string; token: string }>(
        'POST',
        `/api/sessions/${slug}/join`,
        displayName ? { displayName } : {},
      ),
    start: (sessionId: string, token: string) =>
      call<RoomPayload<'session:started'>>('POST', `/api/sessions/${sessionId}/start`, {}, token),
    end: (sessionId: string, token: string) =>
      call<RoomPayload<'session:ended'>>('POST', `/api/sessions/${sessionId}/end`, {}, token),
    createPoll: (sessionId: string, token: string, poll: PollInput) =>
      call<PollCreatedPayload>('POST', `/api/sessions/${sessionId}/polls`, poll, token),
    activate: (sessionId: string, pollId: string, token: string) =>
      call<RoomPayload<'poll:activated'>>('POST', `/api/sessions/${sessionId}/polls/${pollId}/activate`, {}, token),
    close: (sessionId: string, pollId: string, token: string) =>
      call<RoomPayload<'poll:closed'>>('POST', `/api/sessions/${sessionId}/polls/${pollId}/close`, {}, token),
    voters: (sessionId: string, pollId: string, token: string) =>
      call<{ pollId: string; voters: unknown[] }>(
        'GET',
        `/api/sessions/${sessionId}/polls/${pollId}/voters`,
        undefined,
        token,
      ),
  };
}

export type HttpApi = ReturnType<typeof createHttpApi>;
