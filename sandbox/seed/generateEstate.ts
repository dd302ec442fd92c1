/**
 * Generates big sandbox seeds: the default seed's hub (firewall 10.0.1.4, its public IP and policy) plus any number of
 * spoke subscriptions, each with VNets full of `aks-*` subnets. Subnets are compliant (per-VNet route table
 * `rt-<vnet>-egress` with the firewall default route, VNet DNS = the firewall) unless `drifted` says otherwise.
 *
 *   node build/sandbox/seed/generateEstate.js --out /tmp/estate.json --subscriptions 20 --vnets 25 --subnets 20 [--drift none|route-table|all]
 *
 * Used by scripts/bench-drift.ts and the drift e2e tests; deterministic (same options, same file).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArmResource } from '../emulators/arm';
import { projectRoot } from '../paths';

export const hubSubscriptionId = '8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10';
export const firewallPrivateIp = '10.0.1.4';
export const estateLocation = 'westeurope';

/** What is wrong with a generated subnet: nothing, or no route table at all. */
export type SubnetDrift = 'none' | 'no-route-table';

export interface EstateOptions {
  readonly subscriptions: number;
  readonly vnetsPerSubscription: number;
  readonly subnetsPerVnet: number;
  /** Drift per subnet (indexes are 0-based); default none. */
  readonly drift?: (where: { subscription: number; vnet: number; subnet: number }) => SubnetDrift;
  /** VNet name prefix (`<prefix>-<sub>-<vnet>`); default `vnet`. */
  readonly vnetPrefix?: string;
  /** Subnet name prefix (`<prefix>-<n>`); default `aks-nodes`. */
  readonly subnetPrefix?: string;
  /** Extra tags on every VNet. */
  readonly vnetTags?: Readonly<Record<string, string>>;
}

export interface SpokeIds {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly vnetName: string;
  readonly vnetId: string;
  readonly routeTableId: string;
  readonly subnetIds: readonly string[];
}

/** Subscription i (0 = the hub's own subscription, which also holds spokes). */
export function estateSubscriptionId(index: number): string {
  return index === 0 ? hubSubscriptionId : `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
}

/** The hub part of the default seed: resource group, hub VNet, firewall with its public IP and policy. */
export function hubResources(): ArmResource[] {
  const seed = JSON.parse(readFileSync(join(projectRoot(), 'sandbox', 'seed', 'default.json'), 'utf8')) as ArmResource[];
  return seed.filter((resource) => /\/resourceGroups\/rg-hub(\/|$)/i.test(resource.id));
}

const etag = (n: number) => `W/"00000000-0000-4000-9000-${n.toString(16).padStart(12, '0')}"`;

/** The spoke resources only (no hub), with the ids of what was generated. */
export function generateSpokes(options: EstateOptions): { resources: ArmResource[]; spokes: SpokeIds[] } {
  const resources: ArmResource[] = [];
  const spokes: SpokeIds[] = [];
  const vnetPrefix = options.vnetPrefix ?? 'vnet';
  const subnetPrefix = options.subnetPrefix ?? 'aks-nodes';
  let serial = 1;
  for (let s = 0; s < options.subscriptions; s += 1) {
    const subscriptionId = estateSubscriptionId(s);
    const resourceGroup = `rg-spokes-${String(s).padStart(2, '0')}`;
    const rgId = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
    resources.push({ id: rgId, name: resourceGroup, type: 'Microsoft.Resources/resourceGroups', location: estateLocation, properties: { provisioningState: 'Succeeded' } } as ArmResource);
    for (let v = 0; v < options.vnetsPerSubscription; v += 1) {
      const vnetName = `${vnetPrefix}-${String(s).padStart(2, '0')}-${String(v).padStart(3, '0')}`;
      const vnetId = `${rgId}/providers/Microsoft.Network/virtualNetworks/${vnetName}`;
      const tableName = `rt-${vnetName}-egress`;
      const routeTableId = `${rgId}/providers/Microsoft.Network/routeTables/${tableName}`;
      const octet = (s * options.vnetsPerSubscription + v) % 250;
      const subnetIds: string[] = [];
      const subnets = Array.from({ length: options.subnetsPerVnet }, (_, n) => {
        const name = `${subnetPrefix}-${String(n).padStart(2, '0')}`;
        const id = `${vnetId}/subnets/${name}`;
        subnetIds.push(id);
        const drift = options.drift?.({ subscription: s, vnet: v, subnet: n }) ?? 'none';
        return {
          name,
          id,
          type: 'Microsoft.Network/virtualNetworks/subnets',
          properties: {
            provisioningState: 'Succeeded',
            addressPrefix: `10.${100 + (octet % 150)}.${n}.0/24`,
            ...(drift === 'none' ? { routeTable: { id: routeTableId } } : {}),
            delegations: [],
            privateEndpointNetworkPolicies: 'Disabled',
            privateLinkServiceNetworkPolicies: 'Enabled',
          },
        };
      });
      resources.push({
        id: routeTableId,
        name: tableName,
        type: 'Microsoft.Network/routeTables',
        location: estateLocation,
        tags: { 'egress-guard-managed': 'true' },
        etag: etag(serial++),
        properties: {
          provisioningState: 'Succeeded',
          disableBgpRoutePropagation: true,
          routes: [{ name: 'egress-guard-default', properties: { provisioningState: 'Succeeded', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: firewallPrivateIp } }],
        },
      } as unknown as ArmResource);
      resources.push({
        id: vnetId,
        name: vnetName,
        type: 'Microsoft.Network/virtualNetworks',
        location: estateLocation,
        tags: { owner: 'platform-team', ...options.vnetTags },
        etag: etag(serial++),
        properties: {
          provisioningState: 'Succeeded',
          addressSpace: { addressPrefixes: [`10.${100 + (octet % 150)}.0.0/16`] },
          dhcpOptions: { dnsServers: [firewallPrivateIp] },
          subnets,
          virtualNetworkPeerings: [],
          enableDdosProtection: false,
        },
      } as unknown as ArmResource);
      spokes.push({ subscriptionId, resourceGroup, vnetName, vnetId, routeTableId, subnetIds });
    }
  }
  return { resources, spokes };
}

/** A complete seed: the hub plus generated spokes. */
export function generateEstate(options: EstateOptions): { resources: ArmResource[]; spokes: SpokeIds[] } {
  const { resources, spokes } = generateSpokes(options);
  return { resources: [...hubResources(), ...resources], spokes };
}

export function writeEstate(path: string, options: EstateOptions): SpokeIds[] {
  const { resources, spokes } = generateEstate(options);
  writeFileSync(path, JSON.stringify(resources));
  return spokes;
}

function main(argv: readonly string[]): void {
  const value = (name: string, fallback?: string) => {
    const index = argv.indexOf(`--${name}`);
    const found = index >= 0 ? argv[index + 1] : fallback;
    if (found === undefined) throw new Error(`--${name} is required`);
    return found;
  };
  const drift = value('drift', 'none');
  if (!['none', 'route-table', 'all'].includes(drift)) throw new Error('--drift must be none, route-table or all');
  const spokes = writeEstate(value('out'), {
    subscriptions: Number(value('subscriptions', '1')),
    vnetsPerSubscription: Number(value('vnets', '1')),
    subnetsPerVnet: Number(value('subnets', '1')),
    drift: ({ subnet }) => (drift === 'all' || (drift === 'route-table' && subnet === 0) ? 'no-route-table' : 'none'),
  });
  const subnets = spokes.reduce((total, spoke) => total + spoke.subnetIds.length, 0);
  console.log(`Wrote ${value('out')}: ${spokes.length} VNets, ${subnets} subnets`);
}

if (require.main === module) main(process.argv.slice(2));
