import { createStore } from '../store.ts';
import { ApiError, problemOf } from './problem.ts';

export interface Session {
  accessToken: string;
  userId: string;
  email: string;
  roles: string[];
}

interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

// The access token lives in memory only. The refresh token (single use: every refresh
// rotates it) is kept in sessionStorage so that reloading the tab keeps you signed in;
// closing the tab forgets it.
const refreshKey = 'shop.refreshToken';

export const session = createStore<Session | undefined>(undefined);

function claimsOf(accessToken: string): Omit<Session, 'accessToken'> {
  const payload = accessToken.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const claims = JSON.parse(json) as { sub: string; email?: string; roles?: string[] };
  return { userId: claims.sub, email: claims.email ?? '', roles: claims.roles ?? [] };
}

function adopt(pair: TokenPair): Session {
  sessionStorage.setItem(refreshKey, pair.refreshToken);
  const next = { accessToken: pair.accessToken, ...claimsOf(pair.accessToken) };
  session.set(next);
  return next;
}

async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new ApiError(await problemOf(response));
  return (await response.json()) as T;
}

export async function signIn(email: string, password: string): Promise<Session> {
  return adopt(await postJson<TokenPair>('/api/auth/login', { email, password }));
}

export async function signUp(email: string, password: string, name: string): Promise<Session> {
  await postJson('/api/auth/register', { email, password, ...(name ? { name } : {}) });
  return signIn(email, password);
}

let refreshing: Promise<Session | undefined> | undefined;

/**
 * A new token pair for the stored refresh token; one request at a time, since the first
 * use of a refresh token spends it. Undefined (signed out) when there is none or it is refused.
 */
export function refreshSession(): Promise<Session | undefined> {
  refreshing ??= (async () => {
    const refreshToken = sessionStorage.getItem(refreshKey);
    if (!refreshToken) return undefined;
    try {
      return adopt(await postJson<TokenPair>('/api/auth/refresh', { refreshToken }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        sessionStorage.removeItem(refreshKey);
        session.set(undefined);
        return undefined;
      }
      throw error;
    }
  })().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

export async function signOut(): Promise<void> {
  const refreshToken = sessionStorage.getItem(refreshKey);
  sessionStorage.removeItem(refreshKey);
  session.set(undefined);
  if (refreshToken) await postJson('/api/auth/logout', { refreshToken }).catch(() => undefined);
}

export const isAdmin = (current: Session | undefined) => current?.roles.includes('admin') === true;
