import { combineAssociations, subnetIn } from '../../../../shared/core/drift/combineAssociations';
import { toSubnetUpdate } from '../../../../shared/core/drift/toUpdateBodies';
import type { ArmSubnet } from '../../../../shared/core/drift/armJson';
import type { AssociationOffer } from '../../../../shared/core/drift/writeLanes';
import { armSubnet, armVnet, foreignTableId, ownedTableId } from './fixtures';

/** The subnet PUT a sibling's reconcile plans from what it read. */
const offerFor = (read: ArmSubnet): AssociationOffer => ({
  subnetId: read.id,
  write: { kind: 'subnet-put', resourceId: read.id, body: toSubnetUpdate(read, ownedTableId), ifMatch: read.etag, before: read, reason: 'subnet-without-route-table' },
});

const a = armSubnet('aks-a');
const b = armSubnet('aks-b', { addressPrefix: '10.1.4.0/22' });
const untouched = armSubnet('db', { addressPrefix: '10.1.8.0/24', delegations: [{ name: 'pg', properties: { serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers' } }], futureProperty: { kept: true } });
const vnet = { ...armVnet({ dnsServers: ['10.0.1.4'], subnets: [a, b, untouched] }), tags: { team: 'platform' } };

describe('combineAssociations', () => {
  it('sends the accepted subnet PUTs in one VNet PUT, If-Match the VNet etag, every other subnet and property as read', () => {
    const combined = combineAssociations(vnet, [offerFor(a), offerFor(b)])!;
    expect(combined.accepted.map((offer) => offer.subnetId)).toEqual([a.id, b.id]);
    expect(combined.refused).toEqual([]);
    expect(combined.write).toMatchObject({ kind: 'vnet-put', resourceId: vnet.id, ifMatch: vnet.etag, before: vnet });
    const body = combined.write.body as { tags: unknown; properties: Record<string, unknown> & { subnets: ArmSubnet[] } };
    expect(body.tags).toEqual({ team: 'platform' });
    expect(body.properties.dhcpOptions).toEqual({ dnsServers: ['10.0.1.4'] });
    expect(body.properties.addressSpace).toEqual(vnet.properties!.addressSpace);
    expect(body.properties).not.toHaveProperty('provisioningState');
    expect(body.properties).not.toHaveProperty('resourceGuid');
    // Order kept; an omitted subnet would be deleted by ARM.
    expect(body.properties.subnets.map((subnet) => subnet.name)).toEqual(['aks-a', 'aks-b', 'db']);
    expect(body.properties.subnets[0]).toEqual(offerFor(a).write.body);
    expect(body.properties.subnets[1]!.properties!.routeTable).toEqual({ id: ownedTableId });
    // The subnet nobody offered goes back exactly as read, server-computed fields aside.
    const { etag: _etag, ...readDb } = untouched;
    const { provisioningState: _state, ipConfigurations: _ips, ...readDbProperties } = untouched.properties!;
    expect(body.properties.subnets[2]).toEqual({ ...readDb, properties: readDbProperties });
    expect(body.properties.subnets[2]!.properties).not.toHaveProperty('routeTable');
  });

  it.each([
    { label: 'its subnet changed since its reconcile read it (an NSG swapped)', stale: { ...b, properties: { ...b.properties, networkSecurityGroup: { id: 'nsg-old' } } } },
    { label: 'its subnet is no longer in the VNet', stale: armSubnet('aks-deleted') },
  ])('refuses an offer when $label: its reconcile writes for itself after a fresh read', ({ stale }) => {
    const c = armSubnet('aks-c', { addressPrefix: '10.1.12.0/22' });
    const withC = armVnet({ subnets: [a, b, c, untouched] });
    const combined = combineAssociations(withC, [offerFor(a), offerFor(stale), offerFor(c)])!;
    expect(combined.accepted.map((offer) => offer.subnetId)).toEqual([a.id, c.id]);
    expect(combined.refused.map((offer) => offer.subnetId)).toEqual([stale.id]);
    if (stale.name === 'aks-b') expect(subnetIn(combined.write.body, b.id)).toEqual(expect.not.objectContaining({ properties: expect.objectContaining({ routeTable: expect.anything() }) }));
  });

  it('refuses an offer for another route table than the sender associates (only that one is known to exist)', () => {
    const elsewhere = { ...offerFor(b), write: { ...offerFor(b).write, body: toSubnetUpdate(b, foreignTableId) } };
    const c = armSubnet('aks-c', { addressPrefix: '10.1.12.0/22' });
    const combined = combineAssociations(armVnet({ subnets: [a, b, c] }), [offerFor(a), elsewhere, offerFor(c)])!;
    expect(combined.accepted.map((offer) => offer.subnetId)).toEqual([a.id, c.id]);
    expect(combined.refused).toEqual([elsewhere]);
  });

  it('an etag or provisioning state that moved on is not a change of the subnet', () => {
    const moved = { ...a, etag: 'W/"later"', properties: { ...a.properties, provisioningState: 'Updating' } };
    expect(combineAssociations(armVnet({ subnets: [moved, b] }), [offerFor(a), offerFor(b)])?.accepted).toHaveLength(2);
  });

  it('is undefined when fewer than two can go together: one subnet PUT is the smaller write', () => {
    expect(combineAssociations(vnet, [offerFor(a)])).toBeUndefined();
    expect(combineAssociations(vnet, [offerFor(a), offerFor(a)])).toBeUndefined();
    expect(combineAssociations(vnet, [offerFor(a), offerFor(armSubnet('aks-gone'))])).toBeUndefined();
  });
});
