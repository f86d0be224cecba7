/**
 * Which Postgres schema and login role belong to which service. Mirrors
 * infra/postgres/init/*.sql; a test in infra/ keeps the two in step.
 */
export const serviceDatabases = {
  'user-service': { schema: 'users', role: 'user_service' },
  'product-service': { schema: 'catalog', role: 'product_service' },
  'inventory-service': { schema: 'inventory', role: 'inventory_service' },
  'order-service': { schema: 'orders', role: 'order_service' },
  'payment-service': { schema: 'payments', role: 'payment_service' },
  'notification-service': { schema: 'notifications', role: 'notification_service' },
} as const;

export type ServiceName = keyof typeof serviceDatabases;

/** DEVELOPMENT DEFAULT password of a service role, as created by infra/postgres/init. */
export function developmentPassword(role: string): string {
  return `${role}_dev_password`;
}
