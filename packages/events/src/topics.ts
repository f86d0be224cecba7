/**
 * Maps a contract's topic (the event type, e.g. `order.created.v1`) to the topic actually used.
 * Identity in production; a prefix isolates environments or test runs sharing one cluster.
 */
export type TopicName = (topic: string) => string;

export const unprefixedTopic: TopicName = (topic) => topic;

export function prefixedTopic(prefix: string): TopicName {
  return (topic) => `${prefix}${topic}`;
}

/** Dead letters of a topic go to `<topic>.dlq`, shared by every consumer group of that topic. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
