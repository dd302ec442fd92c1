import { describeChange } from '../../../../orchestrations/drift/describeChange';
import type { Write } from '../../../../shared/core/drift/writes';

const vnetId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-spoke';
const tableId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt-vnet-spoke-egress';
const write: Write = {
  kind: 'subnet-put',
  resourceId: `${vnetId}/subnets/aks-pods`,
  body: { properties: { routeTable: { id: tableId } } },
  ifMatch: 'W/"1"',
  before: { properties: {} },
  reason: 'subnet-without-route-table',
};

describe('describeChange', () => {
  it('says which route table a subnet got, from none', () => {
    expect(describeChange({ write, before: write.before, after: { properties: { routeTable: { id: tableId } } } })).toEqual({
      what: 'route table of subnet aks-pods',
      before: 'none',
      after: 'rt-vnet-spoke-egress',
    });
  });

  it('says when the association went out in one VNet write with sibling subnets', () => {
    const combined = { vnetId, subnets: 3, sentBy: `${vnetId}/subnets/aks-nodes`, before: write.before, after: { properties: { routeTable: { id: tableId } } } };
    expect(describeChange({ write, before: combined.before, after: combined.after, combined })).toEqual({
      what: 'route table of subnet aks-pods (one write to VNet vnet-spoke with 2 sibling subnets)',
      before: 'none',
      after: 'rt-vnet-spoke-egress',
    });
  });
});
