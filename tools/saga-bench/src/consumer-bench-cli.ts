#!/usr/bin/env node
/**
 * `pnpm --filter @ecommerce/saga-bench consumer-bench [-- --events 3000]`: the event consumer
 * alone draining a backlog, once a transaction per event and once per batch; commits,
 * statements and CPU per event. infra/local must be running.
 */
import { loadavg } from 'node:os';
import { runConsumerBench } from './consumer-bench.ts';
import { table } from './report.ts';

const args = process.argv.slice(2).filter((arg) => arg !== '--');
const eventsIndex = args.indexOf('--events');
const events = eventsIndex >= 0 ? Number(args[eventsIndex + 1]) : 3000;
if (!Number.isInteger(events) || events < 1) {
  console.error('usage: consumer-bench [--events N]   (N >= 1, default 3000)');
  process.exit(2);
}
const load = loadavg();
const rows = await runConsumerBench({ events, batchSizes: [1, 20] }, (line) => console.error(line));
console.log(
  `\nEvent consumer draining ${events} waiting events (one row changed and one event enqueued per event); load average before ${load.map((l) => l.toFixed(2)).join(' ')}\n`,
);
console.log(
  table(
    [
      'max events per transaction',
      'events',
      'commits/event',
      'statements/event',
      'CPU ms/event',
      'events/s',
    ],
    rows.map((r) => [
      String(r.maxBatchSize),
      String(r.events),
      r.commitsPerEvent.toFixed(2),
      r.statementsPerEvent.toFixed(2),
      r.cpuMsPerEvent.toFixed(2),
      r.eventsPerSecond.toFixed(0),
    ]),
  ),
);
