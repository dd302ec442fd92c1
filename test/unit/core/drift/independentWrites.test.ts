import { independentWrites } from '../../../../shared/core/drift/independentWrites';
import { decideSubnet } from '../../../../shared/core/drift/evaluate';
import { armRouteTable, armSubnet, armVnet, compliant, policy } from './fixtures';

describe('independentWrites', () => {
  it('keeps one write per route table and one per VNet (subnet writes count as VNet writes)', () => {
    const observed = compliant({
      subnet: armSubnet(),
      associatedRouteTable: undefined,
      ownedRouteTable: armRouteTable({ routes: [], disableBgpRoutePropagation: false }),
      vnet: armVnet(),
    });
    const { writes } = decideSubnet(observed, { ...policy, firewallPublicIpRoute: true });
    expect(writes.map((write) => write.kind)).toEqual(['route-table-update', 'route-put', 'route-put', 'subnet-put', 'vnet-put']);
    expect(independentWrites(writes).map((write) => write.kind)).toEqual(['route-table-update', 'subnet-put']);
  });
});
