import { Kafka, type KafkaConfig, type LogEntry, logLevel } from 'kafkajs';

/** The part of a pino logger the Kafka client writes to. */
export interface EventsLogger {
  error(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  info(object: object, message?: string): void;
  debug(object: object, message?: string): void;
}

/** How to reach Kafka. Services pass this around; the Kafka client library stays inside. */
export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** Receives the client's own logs (WARN and above); its console logger when absent. */
  logger?: EventsLogger;
}

function logCreator(logger: EventsLogger) {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _name, ...fields } = log;
      const entry = { kafka: namespace, ...fields };
      if (level === logLevel.ERROR) logger.error(entry, message);
      else if (level === logLevel.WARN) logger.warn(entry, message);
      else if (level === logLevel.INFO) logger.info(entry, message);
      else logger.debug(entry, message);
    };
}

export function createKafkaClient(
  settings: KafkaSettings,
  overrides: Pick<KafkaConfig, 'retry' | 'connectionTimeout'> = {},
): Kafka {
  return new Kafka({
    ...overrides,
    clientId: settings.clientId,
    brokers: settings.brokers,
    // A fresh cluster answers "coordinator is loading" for a while; the client retries those.
    logLevel: logLevel.WARN,
    ...(settings.logger ? { logCreator: logCreator(settings.logger) } : {}),
  });
}
