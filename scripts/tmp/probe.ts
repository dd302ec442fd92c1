import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeEstate } from '../../sandbox/seed/generateEstate';
import { sleep, startBenchSandbox } from '../bench/sandboxChild';

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'probe-'));
  const seed = join(dir, 's.json');
  const spokes = writeEstate(seed, { subscriptions: 1, vnetsPerSubscription: 2, subnetsPerVnet: 3, drift: () => 'no-route-table' });
  const sandbox = await startBenchSandbox({ seedPath: seed, settings: { CHANGE_BUDGET_PER_HOUR: '10000' } });
  try {
    for (const subnetId of spokes.flatMap((s) => s.subnetIds).slice(0, 3)) {
      const before = sandbox.output().length;
      const t0 = Date.now();
      const sub = /\/subscriptions\/([^/]+)/.exec(subnetId)![1];
      const status = await sandbox.postEvent({ id: 'x' + Math.random(), topic: `/subscriptions/${sub}`, subject: subnetId, eventType: 'Microsoft.Resources.ResourceWriteSuccess', eventTime: new Date().toISOString(), dataVersion: '2', metadataVersion: '1', data: { operationName: 'Microsoft.Network/virtualNetworks/subnets/write', resourceUri: subnetId, status: 'Succeeded', subscriptionId: sub } });
      const tPosted = Date.now() - t0;
      for (;;) {
        const dump = await sandbox.armAdmin<{ value: Array<{ id: string; properties?: { routeTable?: { id?: string } } }> }>('resources');
        if (dump.value.find((r) => r.id.toLowerCase() === subnetId.toLowerCase())?.properties?.routeTable?.id) break;
        await sleep(5);
      }
      console.log(`event ${status} posted in ${tPosted} ms, compliant after ${Date.now() - t0} ms`);
      await sleep(5000);
      console.log(sandbox.output().slice(before));
    }
  } finally {
    await sandbox.stop();
  }
}
main();
