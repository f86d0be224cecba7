import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its default export is the function under nodenext resolution.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface HttpAnswer {
  status: number;
  contentType: string;
  // biome-ignore lint/suspicious/noExplicitAny: answers of many shapes, each checked by its schema
  body: any;
}

export interface ContractRequest {
  token?: string;
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  body?: unknown;
  headers?: Record<string, string>;
  /** The test sends a request the document forbids on purpose: skip validating the request. */
  invalid?: boolean;
  /** The raw body to send instead of JSON (malformed-input tests). */
  rawBody?: string;
}

/** Problem details (RFC 9457) as every error of this system must be. */
const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', minLength: 1 },
    title: { type: 'string', minLength: 1 },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string' },
  },
};

/** JSON Pointer (RFC 6901) of the segments, as a URI fragment. */
function pointer(segments: string[]): string {
  return segments
    .map((segment) => encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1')))
    .join('/');
}

/**
 * A service's HTTP API as its served OpenAPI 3.1 document describes it. Every call goes through
 * `call`, which refuses an operation the document does not declare, checks the request against
 * the declared schemas, and checks the answer: a declared status, a body valid against that
 * status's schema, and every error as application/problem+json.
 */
export class OpenApiContract {
  readonly document: {
    openapi: string;
    // biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document as served
    paths: Record<string, Record<string, any>>;
  };
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly problem: ValidateFunction;

  readonly baseUrl: string;

  private constructor(baseUrl: string, document: OpenApiContract['document']) {
    this.baseUrl = baseUrl;
    this.document = document;
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema(document as object, 'openapi');
    this.problem = this.ajv.compile(problemSchema);
  }

  static async load(baseUrl: string): Promise<OpenApiContract> {
    const response = await fetch(`${baseUrl}/openapi.json`);
    if (!response.ok) throw new Error(`GET ${baseUrl}/openapi.json answered ${response.status}`);
    return new OpenApiContract(baseUrl, (await response.json()) as OpenApiContract['document']);
  }

  /** The declared operation, or an error naming what is missing. */
  operation(method: Method, template: string) {
    const operation = this.document.paths[template]?.[method];
    if (!operation)
      throw new Error(`the OpenAPI document declares no ${method.toUpperCase()} ${template}`);
    return operation;
  }

  private validator(segments: string[]): ValidateFunction {
    const ref = `openapi#/${pointer(segments)}`;
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, validate);
    }
    return validate;
  }

  private check(validate: ValidateFunction, value: unknown, what: string): void {
    if (!validate(value)) {
      throw new Error(
        `${what} does not match the OpenAPI document: ${this.ajv.errorsText(validate.errors)}\n${JSON.stringify(value)}`,
      );
    }
  }

  async call(method: Method, template: string, request: ContractRequest = {}): Promise<HttpAnswer> {
    const operation = this.operation(method, template);
    const label = `${method.toUpperCase()} ${template}`;
    const base = ['paths', template, method];
    if (request.body !== undefined && !request.invalid) {
      if (!operation.requestBody?.content?.['application/json']?.schema) {
        throw new Error(`${label} declares no JSON request body`);
      }
      this.check(
        this.validator([...base, 'requestBody', 'content', 'application/json', 'schema']),
        request.body,
        `the request body of ${label}`,
      );
    }

    let path = template;
    for (const [name, value] of Object.entries(request.params ?? {})) {
      path = path.replace(`{${name}}`, encodeURIComponent(value));
    }
    const query = new URLSearchParams(
      Object.entries(request.query ?? {}).map(([name, value]): [string, string] => [
        name,
        String(value),
      ]),
    ).toString();
    const hasBody = request.body !== undefined || request.rawBody !== undefined;
    const response = await fetch(`${this.baseUrl}${path}${query ? `?${query}` : ''}`, {
      method: method.toUpperCase(),
      headers: {
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
        ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
        ...request.headers,
      },
      ...(hasBody ? { body: request.rawBody ?? JSON.stringify(request.body) } : {}),
    });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      throw new Error(`${label} answered ${response.status} with a body that is not JSON: ${text}`);
    }
    const answer: HttpAnswer = { status: response.status, contentType, body };

    const status = String(response.status);
    if (response.status >= 400) {
      if (!contentType.startsWith('application/problem+json')) {
        throw new Error(
          `${label} answered ${status} as ${contentType}, not application/problem+json`,
        );
      }
      this.check(this.problem, body, `the ${status} answer of ${label}`);
      if ((body as { status?: number }).status !== response.status) {
        throw new Error(`${label}: the problem's status differs from the HTTP status ${status}`);
      }
      if (response.status >= 500 && response.status !== 503) {
        throw new Error(`${label} answered ${status}: ${text}`);
      }
    }
    const declared = operation.responses?.[status] ?? operation.responses?.[`${status[0]}XX`];
    if (!declared) {
      if (response.status < 400)
        throw new Error(`${label} answered ${status}, which it does not declare`);
      return answer;
    }
    const content = declared.content as Record<string, { schema?: unknown }> | undefined;
    const mediaType = Object.keys(content ?? {}).find((type) => contentType.startsWith(type));
    if (mediaType && content?.[mediaType]?.schema) {
      this.check(
        this.validator([
          ...base,
          'responses',
          declared === operation.responses?.[status] ? status : `${status[0]}XX`,
          'content',
          mediaType,
          'schema',
        ]),
        body,
        `the ${status} answer of ${label}`,
      );
    } else if (response.status < 400 && content && Object.keys(content).length > 0) {
      throw new Error(
        `${label} answered ${status} as ${contentType}, declared ${Object.keys(content).join(', ')}`,
      );
    }
    return answer;
  }
}
