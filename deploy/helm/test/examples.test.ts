import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contracts, deadLetterTopic } from '@ecommerce/events';
import { serviceDatabases } from '@ecommerce/testkit';
import { describe, expect, it } from 'vitest';
import { type KubeObject, ofKind, parseManifests } from './support/manifests.ts';
import { examplesDir } from './support/tools.ts';

// The operators' manifests are custom resources (no Kubernetes API types to decode them
// with); what the system depends on in them is checked here.
const read = (file: string): KubeObject[] =>
  parseManifests(readFileSync(join(examplesDir, file), 'utf8'));

describe('Strimzi example', () => {
  const objects = read('production/strimzi.yaml');

  it('declares a KafkaTopic for every event topic and its dead-letter topic, nothing else', () => {
    const declared = ofKind(objects, 'KafkaTopic')
      .map((topic) => topic.spec.topicName)
      .sort();
    const wanted = contracts.flatMap((contract) => [
      contract.topic,
      deadLetterTopic(contract.topic),
    ]);
    expect(declared).toEqual(wanted.sort());
  });

  it('gives every topic the 3 partitions the services create topics with', () => {
    // packages/events ensureTopics: numPartitions 3 unless told otherwise.
    for (const topic of ofKind(objects, 'KafkaTopic')) {
      expect(topic.spec.partitions, topic.spec.topicName).toBe(3);
      expect(topic.spec.replicas).toBeGreaterThanOrEqual(3);
      expect(topic.metadata.labels?.['strimzi.io/cluster']).toBe('ecommerce');
    }
  });

  it('runs the broker version of infra/kafka', () => {
    const kafka = ofKind(objects, 'Kafka')[0];
    const pom = readFileSync(join(examplesDir, '../../../infra/kafka/pom.xml'), 'utf8');
    expect(pom).toContain(`<kafka.version>${kafka?.spec.kafka.version}</kafka.version>`);
  });
});

describe('CloudNativePG example', () => {
  const objects = read('production/cloudnative-pg.yaml');
  const [cluster] = ofKind(objects, 'Cluster');
  if (!cluster) throw new Error('cloudnative-pg.yaml has no Cluster');

  it('manages a login role for every service with a database', () => {
    const roles = (cluster.spec.managed.roles as { name: string; login: boolean }[])
      .filter((role) => role.login)
      .map((role) => role.name)
      .sort();
    const wanted = Object.values(serviceDatabases)
      .map(({ role }) => role)
      .sort();
    expect(roles).toEqual(wanted);
  });

  it('gives each of those roles its own schema, as infra/postgres/init does', () => {
    const sql = cluster.spec.bootstrap.initdb.postInitApplicationSQL as string[];
    for (const { schema, role } of Object.values(serviceDatabases)) {
      expect(sql).toContain(`CREATE SCHEMA ${schema} AUTHORIZATION ${role}`);
      expect(sql).toContain(`ALTER ROLE ${role} IN DATABASE ecommerce SET search_path = ${schema}`);
    }
  });
});
