/** One sample line of the Prometheus text format: its series name and labels. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
}

/** The samples of a `/metrics` body; comments (HELP, TYPE) are not samples. */
export function parseSamples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const name = /^[a-zA-Z_:][\w:]*/.exec(line)?.[0] ?? '';
      const labels: Record<string, string> = {};
      const block = line.startsWith(`${name}{`) ? line.slice(name.length) : '';
      for (const [, key, value] of block.matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)) {
        if (key !== undefined) labels[key] = value ?? '';
      }
      return { name, labels };
    });
}
