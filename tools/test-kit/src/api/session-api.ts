import type { PollCreatedPayload } from '@pollwire/contracts';

/**
 * A thin client of the reference server's HTTP API, for driving real sessions in tests: create a session, then its
 * polls, transitions and joins.
 *
 * @example
 * const session = await createApiClient(server.httpUrl).createSession();
 * const me = await session.join('Ada');
 */
export function createApiClient(httpUrl: string) {
  const call = async <T>(path: string, token?: string, body: unknown = {}): Promise<T> => {
    const response = await fetch(`${httpUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as T;
    if (!response.ok) throw new Error(`${path} → ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    async createSession(title = 'Test session') {
      const session = await call<{ sessionId: string; slug: string; presenterToken: string }>(
        '/api/sessions',
        undefined,
        {
          title,
        },
      );
      const base = `/api/sessions/${session.sessionId}`;
      const token = session.presenterToken;
      return {
        ...session,
        createPoll: (question: string, options = ['Yes', 'No']) =>
          call<PollCreatedPayload>(`${base}/polls`, token, { question, pollType: 'multiple_choice', options }),
        start: () => call(`${base}/start`, token),
        end: () => call(`${base}/end`, token),
        activate: (pollId: string) => call(`${base}/polls/${pollId}/activate`, token),
        close: (pollId: string) => call(`${base}/polls/${pollId}/close`, token),
        join: (displayName?: string) =>
          call<{ participantId: string; token: string }>(`/api/sessions/${session.slug}/join`, undefined, {
            ...(displayName ? { displayName } : {}),
          }),
      };
    },
  };
}
