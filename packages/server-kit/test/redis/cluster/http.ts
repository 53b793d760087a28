/** JSON over HTTP against a node's API; throws on non-2xx with the body. */
export async function api<T = Record<string, unknown>>(
  baseUrl: string,
  path: string,
  body: unknown = {},
  token?: string,
): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path} -> ${response.status} ${text}`);
  return JSON.parse(text) as T;
}
