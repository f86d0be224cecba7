import type { ServiceName } from './services.ts';

export interface CallResult {
  status: number;
  headers: globalThis.Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test helper over many response shapes
  body: any;
}

/** JSON over HTTP with an optional bearer token; returns status and parsed body. */
export async function call(
  url: string,
  options: {
    method?: string;
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
): Promise<CallResult> {
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
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

/** The gateway's static upstream variable of each service (apps/gateway/src/config.ts). */
export const gatewayUpstreamVariables: Record<ServiceName, string> = {
  'user-service': 'UPSTREAM_USER_SERVICE',
  'product-service': 'UPSTREAM_PRODUCT_SERVICE',
  'inventory-service': 'UPSTREAM_INVENTORY_SERVICE',
  'order-service': 'UPSTREAM_ORDER_SERVICE',
  'payment-service': 'UPSTREAM_PAYMENT_SERVICE',
  'notification-service': 'UPSTREAM_NOTIFICATION_SERVICE',
};
