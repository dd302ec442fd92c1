import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSeed } from '../../../../../sandbox/emulators/arm';
import { projectRoot } from '../../../../../sandbox/paths';

describe('loadSeed', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'arm-seed-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the default seed: the hub-and-spoke topology of the AKS egress guide', () => {
    const resources = loadSeed(join(projectRoot(), 'sandbox/seed/default.json'));
    const byName = new Map(resources.map((resource) => [resource.name, resource]));
    const vnet = byName.get('vnet-spoke-aks');
    const subnets = vnet?.properties?.['subnets'] as Array<{ name: string; properties: Record<string, unknown> }>;
    expect(subnets.find((subnet) => subnet.name === 'aks-subnet')?.properties['routeTable']).toBeUndefined();
    expect(byName.get('fw-hub')?.properties?.['ipConfigurations']).toMatchObject([{ properties: { privateIPAddress: '10.0.1.4' } }]);
    expect(byName.get('pip-fw-hub')?.properties?.['ipAddress']).toBe('20.61.15.100');
    expect(byName.get('afwp-hub')?.properties?.['dnsSettings']).toMatchObject({ enableProxy: true });
  });

  it.each([
    { label: 'not an array', content: '{}', message: /expected an array/ },
    { label: 'invalid JSON', content: '[', message: /cannot read JSON/ },
    { label: 'an entry without type', content: JSON.stringify([{ id: '/subscriptions/s/resourceGroups/rg', name: 'rg' }]), message: /entry 0 \(\/subscriptions\/s\/resourceGroups\/rg\) is invalid[\s\S]*type/ },
    {
      label: 'a name that does not match the id',
      content: JSON.stringify([{ id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/a', name: 'b', type: 'Microsoft.Network/routeTables' }]),
      message: /name 'b' but its id ends in 'a'/,
    },
  ])('rejects $label with an error naming the problem', ({ content, message }) => {
    const path = join(dir, 'seed.json');
    writeFileSync(path, content);
    expect(() => loadSeed(path)).toThrow(message);
  });
});
