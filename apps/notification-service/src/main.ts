import { loadConfigOrExit, startService } from '@ecommerce/service-kit';
import { buildApp } from './app.ts';
import { configSchema } from './config.ts';
import { startMessaging } from './events/messaging.ts';

const config = loadConfigOrExit(configSchema);
const app = await buildApp(config);
await startMessaging(app, config);
await startService(app);
