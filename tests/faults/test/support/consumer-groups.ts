import type { Isolation } from '@ecommerce/testkit';
import { until } from './poll.ts';

type Admin = ReturnType<ReturnType<Isolation['kafka']['client']>['admin']>;

/** The topics a consumer group has positions on (every topic it subscribes to). */
export async function groupTopics(admin: Admin, groupId: string): Promise<string[]> {
  return (await admin.fetchOffsets({ groupId })).map(({ topic }) => topic);
}

/** How many messages the group has not consumed yet, over all its topics. */
export async function groupLag(admin: Admin, groupId: string, topics: string[]): Promise<number> {
  const committed = await admin.fetchOffsets({ groupId, topics });
  let lag = 0;
  for (const { topic, partitions } of committed) {
    const ends = await admin.fetchTopicOffsets(topic);
    for (const { partition, offset } of partitions) {
      const end = ends.find((entry) => entry.partition === partition);
      if (!end) continue;
      const position = Number(offset) < 0 ? Number(end.low) : Number(offset);
      lag += Number(end.high) - position;
    }
  }
  return lag;
}

/** Messages retained in the topics: what a group reset to the earliest offsets reads again. */
export async function retainedMessages(admin: Admin, topics: string[]): Promise<number> {
  let total = 0;
  for (const topic of topics) {
    for (const { high, low } of await admin.fetchTopicOffsets(topic)) {
      total += Number(high) - Number(low);
    }
  }
  return total;
}

/** Moves the group back to the earliest offset of every topic it reads; it must have no members. */
export async function rewindGroup(admin: Admin, groupId: string, topics: string[]): Promise<void> {
  for (const topic of topics) await admin.resetOffsets({ groupId, topic, earliest: true });
}

export async function waitUntilCaughtUp(
  admin: Admin,
  groupId: string,
  topics: string[],
  timeoutMs = 60_000,
): Promise<void> {
  await until(
    `${groupId} caught up`,
    async () => (await groupLag(admin, groupId, topics)) === 0,
    timeoutMs,
  );
}
