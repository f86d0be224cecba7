import { type InfraServerPids, infraComponentOf } from './infra-processes.ts';
import { listProcesses, type ProcessReading, readProcess, ticksPerSecond } from './proc.ts';

export interface ComponentPeak {
  component: string;
  /** Sum of VmRSS at the first sample, before any order: the idle footprint. */
  firstRssKb: number;
  /** Highest sum of VmRSS over the component's processes at one sample. */
  peakRssKb: number;
  peakPssKb: number;
  /** CPU seconds used between `markStart()` and `markEnd()`. */
  cpuSeconds: number;
}

export interface ResourceReport {
  samples: number;
  components: ComponentPeak[];
  /** Highest sum over the whole stack at one sample (not the sum of the peaks). */
  peakTotalRssKb: number;
  peakTotalPssKb: number;
}

export interface Sample {
  /** pid -> component and reading. */
  processes: Map<number, { component: string; reading: ProcessReading }>;
}

/** Folds samples into per-component and whole-stack peaks. */
export function peaksOf(samples: readonly Sample[]): Omit<ResourceReport, 'components'> & {
  components: Omit<ComponentPeak, 'cpuSeconds'>[];
} {
  const peaks = new Map<string, { rss: number; pss: number; first: number }>();
  let peakTotalRssKb = 0;
  let peakTotalPssKb = 0;
  for (const sample of samples) {
    const sums = new Map<string, { rss: number; pss: number }>();
    let totalRss = 0;
    let totalPss = 0;
    for (const { component, reading } of sample.processes.values()) {
      const sum = sums.get(component) ?? { rss: 0, pss: 0 };
      sum.rss += reading.rssKb;
      sum.pss += reading.pssKb;
      sums.set(component, sum);
      totalRss += reading.rssKb;
      totalPss += reading.pssKb;
    }
    for (const [component, sum] of sums) {
      const peak = peaks.get(component) ?? { rss: 0, pss: 0, first: sum.rss };
      peaks.set(component, {
        rss: Math.max(peak.rss, sum.rss),
        pss: Math.max(peak.pss, sum.pss),
        first: peak.first,
      });
    }
    peakTotalRssKb = Math.max(peakTotalRssKb, totalRss);
    peakTotalPssKb = Math.max(peakTotalPssKb, totalPss);
  }
  return {
    samples: samples.length,
    peakTotalRssKb,
    peakTotalPssKb,
    components: [...peaks].map(([component, peak]) => ({
      component,
      firstRssKb: peak.first,
      peakRssKb: peak.rss,
      peakPssKb: peak.pss,
    })),
  };
}

/**
 * CPU seconds per component between two samples. A process that appeared in between (a new
 * Postgres backend) counts from zero; one that exited before the end is lost, which only
 * under-counts short-lived backends.
 */
export function cpuSecondsBetween(start: Sample, end: Sample): Map<string, number> {
  const seconds = new Map<string, number>();
  for (const [pid, { component, reading }] of end.processes) {
    const before = start.processes.get(pid)?.reading.cpuTicks ?? 0;
    const used = Math.max(0, reading.cpuTicks - before) / ticksPerSecond;
    seconds.set(component, (seconds.get(component) ?? 0) + used);
  }
  return seconds;
}

export interface ResourceSampler {
  /** Marks the start of the measured window for CPU time. */
  markStart(): Promise<void>;
  markEnd(): Promise<void>;
  stop(): Promise<ResourceReport>;
}

/**
 * Samples memory (VmRSS and PSS) of the named processes and of the shared servers this run
 * uses, every `intervalMs`, until stopped. The servers' processes are found again on each
 * sample, as Postgres backends come and go.
 */
export function startResourceSampler(options: {
  /** Component name -> pid of each process this run started. */
  processes: Record<string, number>;
  /** The database whose Postgres backends are counted. */
  database: string;
  /** This run's Postgres, Redis and Kafka (others on the machine are not counted). */
  servers?: InfraServerPids;
  intervalMs: number;
}): ResourceSampler {
  const samples: Sample[] = [];
  let cpuStart: Sample | undefined;
  let cpuEnd: Sample | undefined;

  const take = async (): Promise<Sample> => {
    const targets = new Map<number, string>(
      Object.entries(options.processes).map(([component, pid]) => [pid, component]),
    );
    for (const process of await listProcesses()) {
      const component = infraComponentOf(process, options.database, options.servers);
      if (component) targets.set(process.pid, component);
    }
    const readings = await Promise.all(
      [...targets].map(async ([pid, component]) => ({
        pid,
        component,
        reading: await readProcess(pid),
      })),
    );
    const processes: Sample['processes'] = new Map();
    for (const { pid, component, reading } of readings) {
      if (reading) processes.set(pid, { component, reading });
    }
    return { processes };
  };

  let running = true;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      samples.push(await take());
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, options.intervalMs - (Date.now() - started))),
      );
    }
  })();

  return {
    async markStart() {
      cpuStart = await take();
    },
    async markEnd() {
      cpuEnd = await take();
    },
    async stop() {
      running = false;
      await loop;
      const peaks = peaksOf(samples);
      const cpu = cpuStart && cpuEnd ? cpuSecondsBetween(cpuStart, cpuEnd) : new Map();
      return {
        ...peaks,
        components: peaks.components.map((peak) => ({
          ...peak,
          cpuSeconds: cpu.get(peak.component) ?? 0,
        })),
      };
    },
  };
}
