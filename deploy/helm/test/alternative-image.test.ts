import { describe, expect, it } from 'vitest';
import { named, renderChart } from './support/manifests.ts';
import { decodeStrictly, valueSets } from './support/value-sets.ts';

// An app run from another image of the same app (payment-service's Go implementation, say):
// its pods, its migration Job or init container, with the migration command of that image.
const alternative = [
  'apps.payment-service.image=payment-service-go',
  'apps.payment-service.migrateCommand={/app/payment-service,migrate}',
];

describe('an app from an alternative image', () => {
  it('runs the Deployment and the pre-install migration Job from that image', async () => {
    const { yaml, objects } = await renderChart([], alternative);
    const pod = named(objects, 'Deployment', 'shop-payment-service').spec.template.spec;
    expect(pod.containers[0].image).toBe('ecommerce/payment-service-go:0.1.0');
    const job = named(objects, 'Job', 'shop-payment-service-migrate').spec.template.spec;
    expect(job.containers[0].image).toBe('ecommerce/payment-service-go:0.1.0');
    expect(job.containers[0].command).toEqual(['/app/payment-service', 'migrate']);
    // The other apps keep their own images.
    const orders = named(objects, 'Deployment', 'shop-order-service').spec.template.spec;
    expect(orders.containers[0].image).toBe('ecommerce/order-service:0.1.0');
    expect((await decodeStrictly(yaml)).code).toBe(0);
  });

  it('migrates with that command in the init container of a trial', async () => {
    const { objects } = await renderChart(valueSets.trial, alternative);
    const pod = named(objects, 'Deployment', 'shop-payment-service').spec.template.spec;
    expect(pod.initContainers[0].image).toBe('ecommerce/payment-service-go:dev');
    expect(pod.initContainers[0].command.join(' ')).toContain(
      "do '/app/payment-service' 'migrate' && exit 0",
    );
  });
});
