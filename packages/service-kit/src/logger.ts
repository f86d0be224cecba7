import { isSpanContextValid, trace } from '@opentelemetry/api';
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import pretty from 'pino-pretty';

export interface LoggerSettings {
  name: string;
  level: string;
  /** Human-readable lines instead of JSON (development). */
  pretty: boolean;
  /** Where lines go; stdout when omitted. */
  stream?: DestinationStream;
}

/** Trace and span of the active OpenTelemetry span, so logs and traces join up. */
export function traceFields(): { traceId?: string; spanId?: string } {
  const context = trace.getActiveSpan()?.spanContext();
  if (!context || !isSpanContextValid(context)) return {};
  return { traceId: context.traceId, spanId: context.spanId };
}

export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    name: settings.name,
    level: settings.level,
    mixin: traceFields,
    redact: {
      // Fastify's request serializer leaves headers out; these catch headers logged on purpose.
      paths: ['req.headers', 'res.headers', 'headers'].flatMap((at) => [
        `${at}.authorization`,
        `${at}["proxy-authorization"]`,
        `${at}.cookie`,
        `${at}["set-cookie"]`,
      ]),
      censor: '[redacted]',
    },
  };
  if (settings.stream) return pino(options, settings.stream);
  if (settings.pretty) {
    // In the main thread rather than a transport worker: development only, and a crash's last
    // lines are not lost in a worker's buffer.
    return pino(
      options,
      pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }),
    );
  }
  return pino(options);
}
