// Node alone, no packages: docker-compose.yml runs the demo in a bare Node container with
// only this folder and infra/seed mounted.

interface CallOptions {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

async function call(url: string, options: CallOptions) {
  const response = await fetch(url, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Answers that say the gateway or a service behind it was busy, not that the call was wrong. */
const busy = new Set([502, 503, 504]);
const attempts = 3;

/**
 * JSON calls to the gateway that fail loudly: any non-2xx answer throws with its problem. A
 * busy answer (502, 503, 504: a service still warming up, a loaded machine) is retried twice,
 * a few seconds apart; every call the demo makes is safe to repeat (logins, stock set to a
 * value, orders under an Idempotency-Key).
 */
export function createGatewayClient(baseUrl: string) {
  async function api(
    path: string,
    init: CallOptions = {},
    // biome-ignore lint/suspicious/noExplicitAny: the demo reads a few fields of many shapes
  ): Promise<any> {
    const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
    for (let attempt = 1; ; attempt++) {
      const response = await call(`${baseUrl}${path}`, init);
      if (response.status < 300) return response.body;
      if (!busy.has(response.status) || attempt === attempts) {
        throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
      }
      console.log(`  (${method} ${path}: ${response.status}, trying again)`);
      await new Promise((resolve) => setTimeout(resolve, 2000 * attempt));
    }
  }

  async function login(user: { email: string; password: string }): Promise<string> {
    const { email, password } = user;
    return (await api('/api/auth/login', { body: { email, password } })).accessToken;
  }

  return { api, login };
}
