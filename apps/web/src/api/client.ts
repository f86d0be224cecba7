import { ApiError, problemOf } from './problem.ts';
import { refreshSession, session } from './session.ts';

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

async function send(path: string, options: RequestOptions, token: string | undefined) {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(path, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/**
 * Calls the gateway's API with the session's access token. An expired token is refreshed
 * once (rotating the refresh token) and the request sent again; failures throw an ApiError
 * carrying the problem+json the API answered.
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let response = await send(path, options, session.get()?.accessToken);
  if (response.status === 401 && session.get()) {
    const renewed = await refreshSession();
    if (renewed) response = await send(path, options, renewed.accessToken);
  }
  if (!response.ok) throw new ApiError(await problemOf(response));
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
