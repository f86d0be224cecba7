/** The `source` of inventory-service's events, its Kafka client id and consumer group. */
export const serviceName = 'inventory-service';
