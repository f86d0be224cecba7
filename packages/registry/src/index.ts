export { connectRegistry, type RegistryConnectionOptions } from './connect.ts';
export { instanceKey, serviceIndexKey } from './keys.ts';
export { listInstances } from './list-instances.ts';
export {
  defaultInstanceId,
  type RegisterInstanceOptions,
  type Registration,
  registerInstance,
} from './register-instance.ts';
export type { InstanceRecord, RegistryRedis } from './types.ts';
