import { changesDns, describeChange } from '../../../../orchestrations/drift/describeChange';
import type { Write } from '../../../../shared/core/drift/writes';

const vnetId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-spoke';
const tableId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt-vnet-spoke-egress';
const pods = `${vnetId}/subnets/aks-pods`;
const nodes = `${vnetId}/subnets/aks-nodes`;
const write: Write = {
  kind: 'subnet-put',
  resourceId: pods,
  body: { properties: { routeTable: { id: tableId } } },
  ifMatch: 'W/"1"',
  before: { properties: {} },
  reason: 'route-table-missing',
};

const vnetBefore = {
  id: vnetId,
  properties: {
    dhcpOptions: { dnsServers: ['8.8.8.8'] },
    subnets: [
      { id: pods, properties: {} },
      { id: nodes, properties: {} },
      { id: `${vnetId}/subnets/db`, properties: {} },
    ],
  },
};
const vnetPut: Write = {
  kind: 'vnet-put',
  resourceId: vnetId,
  ifMatch: 'W/"v"',
  before: vnetBefore,
  reason: 'route-table-missing,vnet-dns-not-firewall',
  body: {
    properties: {
      dhcpOptions: { dnsServers: ['10.0.1.4'] },
      subnets: [
        { id: pods, properties: { routeTable: { id: tableId } } },
        { id: nodes, properties: { routeTable: { id: tableId } } },
        { id: `${vnetId}/subnets/db`, properties: {} },
      ],
    },
  },
};

describe('describeChange', () => {
  it('says which route table a subnet got, from none', () => {
    expect(describeChange({ write, subnetIds: [pods], before: write.before, after: { properties: { routeTable: { id: tableId } } } })).toEqual([
      { what: 'route table of subnet aks-pods', before: 'none', after: 'rt-vnet-spoke-egress' },
    ]);
  });

  it('a VNet PUT carrying sibling associations and the DNS fix: each subnet gets its own line, and the DNS line', () => {
    const applied = { write: vnetPut, subnetIds: [pods, nodes], before: vnetBefore, after: undefined };
    expect(describeChange(applied, nodes)).toEqual([
      { what: 'route table of subnet aks-nodes (one write to VNet vnet-spoke with 1 sibling subnet)', before: 'none', after: 'rt-vnet-spoke-egress' },
      { what: 'DNS servers of VNet vnet-spoke', before: '["8.8.8.8"]', after: '["10.0.1.4"]' },
    ]);
    expect(changesDns(applied)).toBe(true);
  });

  it('a route PUT into a table names the table', () => {
    const routeWrite: Write = {
      kind: 'route-put',
      resourceId: `${tableId}/routes/fw`,
      body: { properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.1.4' } },
      ifMatch: 'W/"r"',
      before: { name: 'fw', properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.1.99' } },
      reason: 'default-route-wrong-next-hop',
    };
    expect(describeChange({ write: routeWrite, subnetIds: [pods], before: routeWrite.before, after: undefined })).toEqual([
      { what: 'route fw in table rt-vnet-spoke-egress', before: '0.0.0.0/0 -> VirtualAppliance 10.0.1.99', after: '0.0.0.0/0 -> VirtualAppliance 10.0.1.4' },
    ]);
  });
});
