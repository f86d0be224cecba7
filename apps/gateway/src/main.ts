import { loadConfigOrExit, startService } from '@ecommerce/service-kit';
import { pino } from 'pino';
import { buildApp } from './app.ts';
import { followPrimary, isClusterWorker, isWorkerPrimary, runPrimary } from './cluster/workers.ts';
import { configSchema } from './config.ts';

const config = loadConfigOrExit(configSchema);
if (isWorkerPrimary(config.GATEWAY_WORKERS)) {
  runPrimary(config.GATEWAY_WORKERS, pino({ name: 'gateway', level: config.LOG_LEVEL }));
} else {
  if (isClusterWorker()) followPrimary();
  const app = await buildApp(config);
  await startService(app);
}
