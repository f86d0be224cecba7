export interface JsonResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: bodies of many shapes, checked where used
  body: any;
}

/** JSON over HTTP with an optional bearer token; the status and the parsed body. */
export async function callJson(
  url: string,
  options: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> },
): Promise<JsonResponse> {
  const response = await fetch(url, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text for the error message
  }
  return { status: response.status, body };
}

/** The body of a response with the expected status, or an error that shows what came instead. */
export async function expectStatus(
  what: string,
  expected: number,
  response: Promise<JsonResponse>,
  // biome-ignore lint/suspicious/noExplicitAny: see JsonResponse
): Promise<any> {
  const { status, body } = await response;
  if (status !== expected) {
    throw new Error(`${what}: expected ${expected}, got ${status}: ${JSON.stringify(body)}`);
  }
  return body;
}
