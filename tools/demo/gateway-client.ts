/** JSON calls to the gateway that fail loudly: any non-2xx answer throws with its problem. */
export function createGatewayClient(baseUrl: string) {
  async function api(
    path: string,
    init: {
      method?: string;
      token?: string;
      body?: unknown;
      headers?: Record<string, string>;
    } = {},
    // biome-ignore lint/suspicious/noExplicitAny: the demo reads a few fields of many shapes
  ): Promise<any> {
    const response = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const body = await response.json().catch(() => undefined);
    if (!response.ok) {
      throw new Error(
        `${init.method ?? 'GET'} ${path}: ${response.status} ${JSON.stringify(body)}`,
      );
    }
    return body;
  }

  async function login(user: { email: string; password: string }): Promise<string> {
    const { email, password } = user;
    return (await api('/api/auth/login', { body: { email, password } })).accessToken;
  }

  return { api, login };
}
