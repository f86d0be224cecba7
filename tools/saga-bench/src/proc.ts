import { readdir, readFile } from 'node:fs/promises';

/** What /proc says about one process at one instant. */
export interface ProcessReading {
  rssKb: number;
  /** Proportional set size: shared pages split between the processes sharing them. */
  pssKb: number;
  /** User + system CPU time, in clock ticks. */
  cpuTicks: number;
}

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in hundredths of a second. */
export const ticksPerSecond = 100;

/** The `<name>:  <n> kB` value of a /proc status-style file; 0 when absent. */
export function kilobytesField(text: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

/**
 * utime + stime of a /proc/<pid>/stat line. The command name (field 2) may hold spaces and
 * parentheses, so fields are counted after its closing parenthesis.
 */
export function cpuTicksOfStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Field 3 (state) is the first after the name; utime and stime are fields 14 and 15.
  return Number(fields[11]) + Number(fields[12]);
}

/** Reads a process; undefined when it has exited in the meantime. */
export async function readProcess(pid: number): Promise<ProcessReading | undefined> {
  try {
    const [status, rollup, stat] = await Promise.all([
      readFile(`/proc/${pid}/status`, 'utf8'),
      readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => ''),
      readFile(`/proc/${pid}/stat`, 'utf8'),
    ]);
    return {
      rssKb: kilobytesField(status, 'VmRSS'),
      pssKb: kilobytesField(rollup, 'Pss'),
      cpuTicks: cpuTicksOfStat(stat),
    };
  } catch {
    return undefined;
  }
}

/** The ppid field of /proc/<pid>/stat: the second after the parenthesised command name. */
export function parentPidOfStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[1] ?? 0);
}

export interface ProcessIdentity {
  pid: number;
  comm: string;
  /** The parent's pid (0 when unknown). */
  ppid?: number;
  /** Arguments joined by spaces (Postgres rewrites its own to show role, database, state). */
  cmdline: string;
}

/** Every process visible in /proc, with its name and command line. */
export async function listProcesses(): Promise<ProcessIdentity[]> {
  const entries = await readdir('/proc');
  const processes = await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (entry): Promise<ProcessIdentity | undefined> => {
        try {
          const [comm, cmdline, stat] = await Promise.all([
            readFile(`/proc/${entry}/comm`, 'utf8'),
            readFile(`/proc/${entry}/cmdline`, 'utf8'),
            readFile(`/proc/${entry}/stat`, 'utf8'),
          ]);
          return {
            pid: Number(entry),
            comm: comm.trim(),
            ppid: parentPidOfStat(stat),
            cmdline: cmdline.replaceAll('\0', ' ').trim(),
          };
        } catch {
          return undefined;
        }
      }),
  );
  return processes.filter((p): p is ProcessIdentity => p !== undefined);
}
