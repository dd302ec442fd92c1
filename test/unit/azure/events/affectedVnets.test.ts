import { affectedVnets, vnetsOfSubnets } from '../../../../shared/azure/events/affectedVnets';
import type { ArmClients } from '../../../../shared/azure/arm/armClients';
import type { ResourceChange } from '../../../../shared/core/events/resourceEvent';

const sub = '8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10';
const vnet = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-a`;
/** No ARM call may be made for these changes. */
const noArm = new Proxy({}, { get: () => () => { throw new Error('unexpected ARM call'); } }) as unknown as ArmClients;
const change = (kind: ResourceChange['kind'], resourceId: string, action: 'write' | 'delete' = 'write'): ResourceChange => ({
  kind,
  change: action,
  resourceId,
  subscriptionId: sub,
  operationName: `x/${kind}/${action}`,
});

describe('affectedVnets', () => {
  it.each([
    { label: 'a subnet write -> its VNet', change: change('subnet', `${vnet}/subnets/aks-a`), vnets: [vnet] },
    { label: 'a subnet delete -> nothing', change: change('subnet', `${vnet}/subnets/aks-a`, 'delete'), vnets: [] },
    { label: 'a VNet write -> itself', change: change('virtualNetwork', vnet), vnets: [vnet] },
    { label: 'a malformed id (odd segments) -> nothing, no throw', change: change('subnet', `${vnet}/subnets`), vnets: [], note: /not an ARM resource id/ },
    { label: 'a VNet id where a subnet id belongs -> nothing', change: change('subnet', vnet), vnets: [], note: /is not a subnet id/ },
    { label: 'not an id at all -> nothing', change: change('route', 'hello'), vnets: [], note: /not an ARM resource id/ },
  ])('$label', async ({ change: given, vnets, note }) => {
    const result = await affectedVnets(given, noArm);
    expect(result.vnetIds).toEqual(vnets);
    if (note) expect(result.note).toMatch(note);
  });

  it('maps subnet ids to their VNets, each once whatever the case', () => {
    expect(vnetsOfSubnets([`${vnet}/subnets/a`, `${vnet.toUpperCase()}/subnets/b`, `${vnet}-2/subnets/c`, 'junk'])).toEqual([vnet, `${vnet}-2`]);
  });
});
