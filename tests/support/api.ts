import type { PollCreatedPayload } from '@pollwire/contracts';

/** An HTTP answer of the reference API. */
export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** Body of `POST /api/sessions/:id/polls`. */
export interface PollInput {
  question: string;
  pollType: 'multiple_choice' | 'rating_scale' | 'open_text';
  options?: string[];
  allowMultiple?: boolean;
  isAnonymous?: boolean;
  minRating?: number;
  maxRating?: number;
}

/** One JSON request to the reference server; never throws on an HTTP error status. */
export async function request<T = Record<string, unknown>>(
  httpUrl: string,
  method: 'GET' | 'POST',
  path: string,
  options: { token?: string | undefined; body?: unknown } = {},
): Promise<ApiResponse<T>> {
  const response = await fetch(`${httpUrl}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    ...(method === 'POST' ? { body: JSON.stringify(options.body ?? {}) } : {}),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function ok<T>(response: Promise<ApiResponse<T>>, what: string): Promise<T> {
  const { status, body } = await response;
  if (status >= 300) throw new Error(`${what} → ${status} ${JSON.stringify(body)}`);
  return body;
}

/** A session on the reference server, driven as its presenter. */
export interface TestSession {
  sessionId: string;
  slug: string;
  presenterToken: string;
  createPoll(input: PollInput): Promise<PollCreatedPayload>;
  /** A two-option multiple-choice poll. */
  createChoicePoll(question?: string, isAnonymous?: boolean): Promise<PollCreatedPayload>;
  start(): Promise<unknown>;
  end(): Promise<unknown>;
  activate(pollId: string): Promise<unknown>;
  close(pollId: string): Promise<unknown>;
  join(displayName?: string): Promise<{ sessionId: string; participantId: string; token: string }>;
}

/**
 * Creates a session over the HTTP API of a reference server.
 *
 * @example
 * const session = await createTestSession(server.httpUrl);
 * const poll = await session.createChoicePoll();
 */
export async function createTestSession(httpUrl: string, title = 'Chaos session'): Promise<TestSession> {
  const created = await ok(
    request<{ sessionId: string; slug: string; presenterToken: string }>(httpUrl, 'POST', '/api/sessions', {
      body: { title },
    }),
    'create session',
  );
  const { sessionId, slug, presenterToken } = created;
  const base = `/api/sessions/${sessionId}`;
  const post = (path: string, body?: unknown) =>
    ok(request(httpUrl, 'POST', `${base}${path}`, { token: presenterToken, body }), `POST ${path}`);
  return {
    sessionId,
    slug,
    presenterToken,
    createPoll: (input) =>
      ok(
        request<PollCreatedPayload>(httpUrl, 'POST', `${base}/polls`, { token: presenterToken, body: input }),
        'create poll',
      ),
    createChoicePoll: (question = 'Choice?', isAnonymous = true) =>
      ok(
        request<PollCreatedPayload>(httpUrl, 'POST', `${base}/polls`, {
          token: presenterToken,
          body: { question, pollType: 'multiple_choice', options: ['A', 'B'], isAnonymous },
        }),
        'create poll',
      ),
    start: () => post('/start'),
    end: () => post('/end'),
    activate: (pollId) => post(`/polls/${pollId}/activate`),
    close: (pollId) => post(`/polls/${pollId}/close`),
    join: (displayName) =>
      ok(
        request<{ sessionId: string; participantId: string; token: string }>(
          httpUrl,
          'POST',
          `/api/sessions/${slug}/join`,
          {
            body: displayName === undefined ? {} : { displayName },
          },
        ),
        'join',
      ),
  };
}

/** The option ids of a multiple-choice poll payload. */
export const optionIds = (poll: PollCreatedPayload): string[] =>
  'options' in poll && poll.options ? poll.options.map((option) => option.optionId) : [];
