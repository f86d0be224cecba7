import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { allowedMethodsIndex } from './allowed-methods.ts';
import { HttpProblem, type ProblemDocument, statusTitle } from './problem.ts';

export const problemContentType = 'application/problem+json';

export interface FieldError {
  /** Where the field is: body, querystring, params or headers. */
  in: string;
  /** Dotted path of the offending field (`items.0.quantity`); empty for the whole part. */
  field: string;
  /** JSON Pointer of the offending value, as the validator reported it. */
  instancePath: string;
  message: string;
}

type ValidationIssue = {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
};

const standardMembers = new Set(['type', 'title', 'status', 'detail', 'instance', 'requestId']);

/**
 * Builds the body: the standard members first, then extensions (which cannot replace them).
 * `instance` is the path without the query string, which may carry secrets.
 */
export function problemDocument(
  request: FastifyRequest,
  status: number,
  fields: { type?: string; title?: string; detail?: string | undefined } & Record<
    string,
    unknown
  > = {},
): ProblemDocument {
  const document: ProblemDocument = {
    type: fields.type ?? 'about:blank',
    title: fields.title ?? statusTitle(status),
    status,
    ...(fields.detail === undefined ? {} : { detail: fields.detail }),
    instance: request.url.split('?')[0] ?? request.url,
    requestId: request.id,
  };
  for (const [name, value] of Object.entries(fields)) {
    if (!standardMembers.has(name)) document[name] = value;
  }
  return document;
}

export function sendProblem(reply: FastifyReply, document: ProblemDocument) {
  return reply.code(document.status).type(problemContentType).send(document);
}

function fieldErrors(issues: ValidationIssue[], part: string): FieldError[] {
  return issues.map((issue) => {
    // A missing or an unknown property is reported on its parent; point at the property itself.
    const named = issue.params?.missingProperty ?? issue.params?.additionalProperty;
    const pointer =
      typeof named === 'string'
        ? `${issue.instancePath ?? ''}/${named}`
        : (issue.instancePath ?? '');
    return {
      in: part,
      field: pointer.split('/').filter(Boolean).join('.'),
      instancePath: pointer,
      message: issue.message ?? 'is invalid',
    };
  });
}

function toProblem(error: FastifyError, request: FastifyRequest): ProblemDocument {
  if (error instanceof HttpProblem) {
    return problemDocument(request, error.status, {
      ...error.extensions,
      type: error.type,
      title: error.title,
      detail: error.detail,
    });
  }
  if (error.validation) {
    const part = error.validationContext ?? 'body';
    const errors = fieldErrors(error.validation as ValidationIssue[], part);
    return problemDocument(request, 400, {
      detail: `The request ${part} has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}`,
      errors,
    });
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Client errors raised by Fastify and its plugins (malformed JSON, body too large,
    // unsupported media type, bad token) describe the request, not the server: safe to show.
    return problemDocument(request, status, { detail: error.message });
  }
  return problemDocument(request, 500, {
    detail: 'An unexpected error occurred; quote the requestId when reporting it.',
  });
}

/**
 * RFC 9457 problem details for every error and for unknown routes (404, or 405 with `Allow`
 * when the path exists with other methods). Unexpected errors become a generic 500: the
 * message and stack go to the log, never to the client.
 */
export const errorsPlugin: FastifyPluginAsync = fp(
  async (app) => {
    const routes = allowedMethodsIndex();
    app.addHook('onRoute', (route) => routes.add(route.method, route.url ?? route.path));

    // 405 with Allow when the path exists with other methods, 404 when it does not, or when
    // a route of this very method found nothing (a static file handler's callNotFound).
    function unknownRoute(request: FastifyRequest, reply: FastifyReply) {
      const path = request.url.split('?')[0] ?? request.url;
      const allowed = routes.allowed(path);
      if (allowed.length === 0 || allowed.includes(request.method)) {
        return sendProblem(
          reply,
          problemDocument(request, 404, { detail: `No route ${request.method} ${path}` }),
        );
      }
      reply.header('allow', allowed.join(', '));
      return sendProblem(
        reply,
        problemDocument(request, 405, {
          detail: `${request.method} is not supported on ${path}; use ${allowed.join(', ')}`,
        }),
      );
    }

    app.setErrorHandler((error: FastifyError, request, reply) => {
      // Fastify parses the body even of a request no route serves (a QUERY or a DELETE with a
      // body); that it has no route is the answer, not what is wrong with its body.
      const bodyError =
        error.code?.startsWith('FST_ERR_CTP_') ||
        error.code === 'FST_ERR_ROUTE_MISSING_CONTENT_TYPE';
      if (request.is404 && bodyError) return unknownRoute(request, reply);
      const path = request.url.split('?')[0] ?? request.url;
      if (error.validation && routes.isLiteralWithout(request.method, path)) {
        return unknownRoute(request, reply);
      }
      const document = toProblem(error, request);
      if (document.status >= 500 && !(error instanceof HttpProblem)) {
        request.log.error({ err: error }, 'request failed');
      } else {
        request.log.info(
          { status: document.status, code: error.code, reason: error.message },
          'request rejected',
        );
      }
      return sendProblem(reply, document);
    });

    app.setNotFoundHandler(unknownRoute);
  },
  { name: 'service-kit-errors' },
);
