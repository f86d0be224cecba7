import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { testApp } from './support/test-app.ts';

function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** An app listening on a free port with GET /slow that answers when `release` is called. */
async function appWithSlowRoute() {
  const { app, logs } = await testApp();
  const entered = deferred();
  const release = deferred();
  const events: string[] = [];
  app.get('/slow', async () => {
    entered.resolve();
    await release.promise;
    events.push('slow request finished');
    return { slow: 'done' };
  });
  app.addHook('onClose', async () => {
    events.push('onClose hook ran');
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, logs, port, entered: entered.promise, release: release.resolve, events };
}

describe('closing the app', () => {
  it('lets an in-flight request finish, then runs the onClose hooks', async () => {
    const { app, port, entered, release, events } = await appWithSlowRoute();
    const response = fetch(`http://127.0.0.1:${port}/slow`);
    await entered;

    const closed = app.close();
    await vi.waitFor(() => expect(app.shuttingDown).toBe(true));
    expect(events).toEqual([]);
    release();

    const res = await response;
    expect(res.status).toBe(200);
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.json()).toEqual({ slow: 'done' });
    await closed;
    expect(events).toEqual(['slow request finished', 'onClose hook ran']);
  });

  it('answers requests arriving during the drain, readiness included, with 503', async () => {
    const { app, port, entered, release } = await appWithSlowRoute();
    const slow = fetch(`http://127.0.0.1:${port}/slow`);
    await entered;
    // A connection already open when closing starts, its request half sent: the server
    // keeps it, and the request completes during the drain.
    const accepted = once(app.server, 'connection').then(([accepted]) => accepted as Socket);
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      received += chunk;
    });
    await once(socket, 'connect');
    socket.write('GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    // Closing must start only once the server has read those bytes (the request has begun).
    const serverSide = await accepted;
    await vi.waitFor(() => expect(serverSide.bytesRead).toBeGreaterThan(0));

    const closed = app.close();
    await vi.waitFor(() => expect(app.shuttingDown).toBe(true));
    socket.write('\r\n');
    await once(socket, 'close');
    release();
    expect((await slow).status).toBe(200);
    await closed;

    expect(received).toMatch(/^HTTP\/1\.1 503 /);
    expect(received).toMatch(/content-type: application\/problem\+json/i);
    expect(received).toMatch(/connection: close/i);
    expect(received).toContain('"detail":"The service is shutting down"');
    expect(received).toContain('"instance":"/health/ready"');
  });
});

const fixture = fileURLToPath(new URL('./fixtures/signal-service.ts', import.meta.url));

type Line = { msg?: string; signal?: string; req?: { url?: string } };

function runFixture(env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [fixture], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Line[] = [];
  let stderr = '';
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const line of complete) if (line.trim()) lines.push(JSON.parse(line) as Line);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, lines, exited, stderr: () => stderr };
}

async function listeningPort(lines: Line[], child: ChildProcess): Promise<number> {
  let port = 0;
  await vi.waitFor(
    () => {
      expect(child.exitCode).toBeNull();
      const listening = lines.find((l) => l.msg?.startsWith('Server listening at'));
      expect(listening).toBeDefined();
      port = Number(new URL(listening?.msg?.replace('Server listening at ', '') ?? '').port);
    },
    { timeout: 20_000, interval: 50 },
  );
  return port;
}

describe('startService in a process', () => {
  it('drains and exits 0 on SIGTERM', async () => {
    const { child, lines, exited } = runFixture();
    const port = await listeningPort(lines, child);
    const response = fetch(`http://127.0.0.1:${port}/slow`);
    await vi.waitFor(() => expect(lines.some((l) => l.req?.url === '/slow')).toBe(true));

    child.kill('SIGTERM');
    const res = await response;
    expect(res.status).toBe(200);
    expect(await exited).toBe(0);
    const messages = lines.map((l) => l.msg);
    expect(lines.find((l) => l.msg === 'closing')).toMatchObject({ signal: 'SIGTERM' });
    expect(messages).toContain('slow request finished');
    expect(messages.indexOf('slow request finished')).toBeLessThan(messages.indexOf('closer ran'));
    expect(messages).toContain('closed');
  });

  it('exits 1 when closing takes longer than SHUTDOWN_TIMEOUT_MS', async () => {
    const { child, lines, exited } = runFixture({
      HANG_ON_CLOSE: 'true',
      SHUTDOWN_TIMEOUT_MS: '300',
    });
    await listeningPort(lines, child);
    child.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(lines.map((l) => l.msg)).toContain('closer ran');
  });

  it('refuses to start with a message naming a bad variable', async () => {
    const { exited, stderr } = runFixture({ PORT: 'abc' });
    expect(await exited).toBe(1);
    expect(stderr()).toBe(
      'Invalid configuration: PORT must be an integer between 1 and 65535 (got "abc")\n',
    );
  });
});
