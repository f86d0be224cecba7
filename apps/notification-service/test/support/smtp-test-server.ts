import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  authenticatedUser: string | undefined;
  email: Email;
}

/** An SMTP reply the server gives to the next messages instead of accepting them. */
export interface Rejection {
  responseCode: number;
  message: string;
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 and a free port, for the SMTP
 * transport to talk to. It requires the given credentials, keeps every accepted message
 * parsed, and can be told to reject the next messages with an SMTP reply.
 */
export async function startSmtpTestServer(credentials = { user: 'mailer', pass: 'secret' }) {
  const received: ReceivedMail[] = [];
  const rejections: Rejection[] = [];
  const server = new SMTPServer({
    // Plain SMTP on loopback: no STARTTLS (its built-in certificate is for nothing real),
    // so AUTH PLAIN must be allowed without TLS.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const rejection = rejections.shift();
        if (rejection) {
          callback(
            Object.assign(new Error(rejection.message), { responseCode: rejection.responseCode }),
          );
          return;
        }
        PostalMime.parse(Buffer.concat(chunks)).then(
          (email) => {
            received.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              authenticatedUser: session.user,
              email,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    port,
    url: `smtp://${credentials.user}:${credentials.pass}@127.0.0.1:${port}`,
    received,
    /** The next `count` messages get this reply instead of being accepted. */
    reject(rejection: Rejection, count = 1) {
      for (let i = 0; i < count; i++) rejections.push(rejection);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port with nothing listening on it (taken, then released). */
export async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
