export {
  createHttpClient,
  defaultHttpPolicy,
  type HttpClient,
  type HttpClientOptions,
  type HttpMethod,
  type HttpResponse,
  type JsonRequestOptions,
  type RequestOptions,
  type ResponseHeaders,
} from './http-client.ts';
export { HttpStatusError } from './http-status-error.ts';
export { isRetrySafe } from './idempotency.ts';
export { outgoingHeaders, REQUEST_ID_HEADER } from './outgoing-headers.ts';
