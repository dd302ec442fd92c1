/**
 * npm run bench:arm-writes [-- --estate=10000] [--writes=2000]
 *
 * What one acknowledged ARM write costs the emulator's store (sandbox/emulators/arm/store.ts) with a state file, on an
 * estate of `estate` subnets in VNets of 20: the synchronous part (what runs before the emulator answers) per write,
 * and one full snapshot of the estate (what the delayed rewrite costs, at most once per persist delay).
 * Prints the figures as JSON (docs/sandbox.md quotes them).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResourceStore } from '../sandbox/emulators/arm/store';
import type { ArmResource } from '../sandbox/emulators/arm/types';

const flag = (name: string, fallback: number) => Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const estate = flag('estate', 10_000);
const writes = flag('writes', 2_000);
const group = '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-bench';

function subnet(index: number, generation: number): ArmResource {
  const vnet = `${group}/providers/Microsoft.Network/virtualNetworks/vnet-${Math.floor(index / 20)}`;
  return {
    id: `${vnet}/subnets/snet-${index}`,
    name: `snet-${index}`,
    type: 'Microsoft.Network/virtualNetworks/subnets',
    properties: {
      provisioningState: 'Succeeded',
      addressPrefix: `10.${Math.floor(index / 256) % 256}.${index % 256}.0/24`,
      routeTable: { id: `${group}/providers/Microsoft.Network/routeTables/rt-${generation % 3}` },
      networkSecurityGroup: { id: `${group}/providers/Microsoft.Network/networkSecurityGroups/nsg-1` },
    },
  };
}

const directory = mkdtempSync(join(tmpdir(), 'bench-arm-writes-'));
try {
  // A long delay: the timed loop then holds only what runs before an answer, the snapshot is timed on its own.
  const store = new ResourceStore(join(directory, 'arm.json'), 3_600_000);
  for (let index = 0; index < estate; index += 1) store.set(subnet(index, 0));
  store.persist();
  const started = process.hrtime.bigint();
  for (let write = 0; write < writes; write += 1) store.record(() => store.set(subnet((write * 7919) % estate, write + 1)));
  const perWriteUs = Number(process.hrtime.bigint() - started) / 1_000 / writes;
  const snapshotStarted = process.hrtime.bigint();
  store.persist();
  const snapshotMs = Number(process.hrtime.bigint() - snapshotStarted) / 1_000_000;
  console.log(JSON.stringify({ estate, writes, perWriteUs: Number(perWriteUs.toFixed(1)), snapshotMs: Number(snapshotMs.toFixed(1)) }));
} finally {
  rmSync(directory, { recursive: true, force: true });
}
