import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemContentType } from '../src/index.ts';
import { testApp } from './support/test-app.ts';

const { app } = await testApp();

beforeAll(async () => {
  app.post(
    '/notes',
    {
      config: { problems: [409] },
      schema: {
        body: Type.Object(
          { title: Type.String({ minLength: 1 }), copies: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ title: Type.String(), copies: Type.Integer() }) },
      },
    },
    async (request, reply) => reply.code(201).send(request.body),
  );
  app.get(
    '/notes',
    {
      schema: {
        querystring: Type.Object({
          size: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
          page: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
      },
    },
    async (request) => ({ page: request.query.page ?? 1 }),
  );
  app.post('/notes/search', async () => ({}));
  app.get('/files/*', async (_request, reply) => reply.callNotFound());
  app.patch(
    '/notes/:id',
    { schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }) }) } },
    async () => ({}),
  );
  app.post(
    '/notes/:id/archive',
    {
      config: { optionalBody: true },
      schema: {
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Type.Object(
          { purge: Type.Boolean({ default: false }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => request.body,
  );
  app.get(
    '/notes/:id',
    {
      schema: {
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 404: Type.Object({}, { description: 'No such note' }) },
      },
    },
    async () => ({}),
  );
  await app.ready();
});
afterAll(() => app.close());

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/notes', payload: payload as string, headers });

describe('request validation', () => {
  it('never coerces body types: a boolean or a number is not a string', async () => {
    const wrong = await post({ title: true, copies: '2' });
    expect(wrong.statusCode).toBe(400);
    expect(
      wrong
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['copies', 'title']);
    expect((await post({ title: 'ok', copies: 2 })).statusCode).toBe(201);
  });

  it('coerces query strings to their declared types', async () => {
    const res = await app.inject('/notes?page=3');
    expect(res.json()).toEqual({ page: 3 });
  });

  it('does not call a parameter with a default required', async () => {
    const { paths } = (await app.inject('/openapi.json')).json();
    const [size] = paths['/notes'].get.parameters;
    expect(size).toMatchObject({ name: 'size', required: false });
    expect((await app.inject('/notes')).json()).toEqual({ page: 1 });
  });

  it('bounds integers the schema leaves open to what Postgres integer holds', async () => {
    expect((await post({ title: 'big', copies: 2 ** 31 })).statusCode).toBe(400);
    expect((await app.inject('/notes?page=99999999999999999999')).statusCode).toBe(400);
  });

  it('rejects text Postgres cannot store: U+0000 and lone surrogates', async () => {
    for (const title of ['a\u0000b', 'a\ud800b', '\udfff']) {
      const res = await post(JSON.stringify({ title, copies: 1 }), {
        'content-type': 'application/json',
      });
      expect(res.statusCode, JSON.stringify(title)).toBe(400);
      expect(res.headers['content-type']).toContain(problemContentType);
    }
    // A surrogate pair (an emoji) is one real character, and fine.
    expect((await post({ title: 'ok \u{1F600}', copies: 1 })).statusCode).toBe(201);
    expect((await app.inject('/notes?page=%00')).statusCode).toBe(400);
  });

  it('answers a path parameter longer than its schema allows with 400, not the router’s 414', async () => {
    for (const id of ['x'.repeat(150), 'x'.repeat(5_000)]) {
      const res = await app.inject(`/notes/${id}`);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain(problemContentType);
    }
  });

  it('answers a body that is not JSON with 415', async () => {
    const res = await post('title=x', { 'content-type': 'text/plain' });
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toContain(problemContentType);
  });
});

describe('a route whose body may be left out', () => {
  const url = '/notes/0b9b3c1e-2d7c-4d7a-9d5e-4c1f6a2b3c4d/archive';

  it('takes a request without a body as {} with the schema defaults', async () => {
    const res = await app.inject({ method: 'POST', url });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ purge: false });
  });

  it('still validates a body that is sent', async () => {
    const sent = await app.inject({ method: 'POST', url, payload: { purge: true } });
    expect(sent.json()).toEqual({ purge: true });
    const wrong = await app.inject({ method: 'POST', url, payload: { purge: 'yes' } });
    expect(wrong.statusCode).toBe(400);
    const text = await app.inject({
      method: 'POST',
      url,
      payload: 'purge',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.statusCode).toBe(415);
  });

  it('is documented as not required, and other bodies as required', async () => {
    const { paths } = (await app.inject('/openapi.json')).json();
    expect(paths['/notes/{id}/archive'].post.requestBody.required).toBe(false);
    expect(paths['/notes'].post.requestBody.required).toBe(true);
    expect(JSON.stringify(paths)).not.toContain('x-optional-body');
  });
});

describe('methods', () => {
  it('answers a method the path does not serve with 405 and Allow', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/notes' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD, POST');
    expect(res.headers['content-type']).toContain(problemContentType);
    const item = await app.inject({
      method: 'DELETE',
      url: '/notes/0b9b3c1e-2d7c-4d7a-9d5e-4c1f6a2b3c4d',
    });
    expect(item.statusCode).toBe(405);
    expect(item.headers.allow).toBe('GET, HEAD, PATCH');
  });

  it('answers 405, not a body error, to a method with a body the path does not serve', async () => {
    const res = await app.inject({ method: 'QUERY', url: '/notes' });
    expect(res.statusCode).toBe(405);
  });

  it('answers 405 for a path of its own that a parameter route would also match', async () => {
    const res = await app.inject({ method: 'PATCH', url: '/notes/search' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('POST');
  });

  it('answers 404 when the route of the method finds nothing (a missing static file)', async () => {
    const res = await app.inject('/files/missing.js');
    expect(res.statusCode).toBe(404);
    expect(res.headers.allow).toBeUndefined();
    expect((await app.inject({ method: 'DELETE', url: '/files/missing.js' })).statusCode).toBe(405);
  });

  it('still answers 404 for a path no route serves', async () => {
    expect((await app.inject({ method: 'DELETE', url: '/nowhere' })).statusCode).toBe(404);
  });
});

describe('the OpenAPI document', () => {
  it('declares every problem a route can answer, as application/problem+json', async () => {
    const { paths } = (await app.inject('/openapi.json')).json();
    const codes = (operation: { responses: Record<string, unknown> }) =>
      Object.keys(operation.responses).sort();
    expect(codes(paths['/notes'].post)).toEqual(['201', '400', '409', '413', '415', '431', '503']);
    expect(codes(paths['/notes'].get)).toEqual(['200', '400', '431', '503']);
    const notFound = paths['/notes/{id}'].get.responses['404'];
    expect(notFound.description).toBe('No such note');
    expect(Object.keys(notFound.content)).toEqual([problemContentType]);
    expect(paths['/notes'].post.responses['409'].content[problemContentType].schema).toMatchObject({
      required: ['type', 'title', 'status'],
    });
  });
});
