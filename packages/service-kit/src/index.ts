export {
  type AuthOptions,
  accessTokenAudience,
  accessTokenIssuer,
  authentication,
  type Identity,
  isOwnerOrAdmin,
} from './auth.ts';
export {
  type CircuitBreakerMetrics,
  type CircuitStateChange,
  type CircuitStateName,
  circuitBreakerMetrics,
  circuitStates,
} from './breaker-metrics.ts';
export {
  type CommonConfig,
  ConfigError,
  type ConfigProblem,
  commonConfigSchema,
  loadConfig,
  loadConfigOrExit,
  type ServiceConfig,
} from './config.ts';
export { type CreateServiceOptions, createService, type ServiceApp } from './create-service.ts';
export {
  type DeadLetterRoutesOptions,
  type DeadLetterSource,
  deadLetterRoutes,
} from './dead-letter-routes.ts';
export { type FieldError, problemContentType } from './errors.ts';
export type { CheckResult, ReadinessCheck, ReadinessCheckOptions } from './health.ts';
export { traceFields } from './logger.ts';
export { unmatchedRoute } from './metrics.ts';
export {
  badRequest,
  conflict,
  forbidden,
  HttpProblem,
  notFound,
  type ProblemDocument,
  type ProblemOptions,
  problem,
  serviceUnavailable,
  tooManyRequests,
  unauthorized,
  unprocessableContent,
} from './problem.ts';
export {
  kafkaCheck,
  type Pingable,
  postgresCheck,
  redisCheck,
  type SqlQueryable,
} from './readiness-checks.ts';
export { requestIdHeader } from './request-id.ts';
export { type StartServiceOptions, startService } from './start-service.ts';
