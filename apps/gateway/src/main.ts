import { loadConfigOrExit, startService } from '@ecommerce/service-kit';
import { buildApp } from './app.ts';
import { configSchema } from './config.ts';

const config = loadConfigOrExit(configSchema);
const app = await buildApp(config);
await startService(app);
