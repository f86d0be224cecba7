import { describe, expect, it } from 'vitest';
import { renderChart } from './support/manifests.ts';
import { chartDir, helm } from './support/tools.ts';
import { decodeStrictly, valueSets } from './support/value-sets.ts';

// The chart as `helm lint --strict` and the Kubernetes API types see it.
for (const [set, files] of Object.entries(valueSets)) {
  const rendering = await renderChart(files);
  const strict = await decodeStrictly(rendering.yaml);

  describe(`values: ${set}`, () => {
    it('passes helm lint --strict', async () => {
      const args = ['lint', '--strict', chartDir, ...files.flatMap((file) => ['--values', file])];
      const result = await helm(args);
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    });

    it('decodes every rendered object strictly against the Kubernetes API types', () => {
      expect(strict.stderr).toBe('');
      expect(strict.decoded.length).toBe(rendering.objects.length);
      expect(strict.code).toBe(0);
    });

    it.each(strict.decoded.map((d) => [`${d.kind}/${d.name}`, d] as const))('%s', (_, d) => {
      expect(d.error).toBeUndefined();
    });
  });
}
