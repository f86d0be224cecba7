export { appConfigSchema, appDefaultPort } from './apps.ts';
export { type CallResult, call, gatewayUpstreamVariables } from './http.ts';
export { createIsolation, type Isolation, isolatedInfra } from './isolation.ts';
export { type JaegerProcess, startJaeger } from './jaeger.ts';
export { databaseUrl } from './postgres-init.ts';
export { type PrivateKafka, startPrivateKafka } from './private-kafka.ts';
export {
  freePort,
  type ServiceProcess,
  type StartServiceProcessOptions,
  startServiceProcess,
} from './processes.ts';
export { repoRoot } from './repo.ts';
export { developmentPassword, type ServiceName, serviceDatabases } from './services.ts';
export type { InfraSettings } from './settings.ts';
