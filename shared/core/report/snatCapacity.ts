/**
 * SNAT capacity of an Azure Firewall and what to do when utilisation runs high.
 *
 * Azure Firewall gives 2,496 SNAT ports per public IP per backend instance. ARM does not expose the live instance
 * count, so capacity uses the guaranteed minimum: properties.autoscaleConfiguration.minCapacity when set, else 2
 * (every firewall runs at least two instances; autoscale may add more, so real capacity can be higher).
 * The SNATPortUtilization metric is already a percentage of the live capacity, so recommendations are driven by the
 * percentage; the absolute figure is for the reader.
 */
export const snatPortsPerPublicIpPerInstance = 2496;
export const defaultFirewallInstances = 2;
/** Azure Firewall accepts at most 250 public IPs. */
export const maxFirewallPublicIps = 250;

/** The parts of a Microsoft.Network/azureFirewalls resource (ARM JSON) that determine SNAT capacity. */
export interface FirewallResource {
  readonly id: string;
  readonly name?: string;
  readonly properties?: {
    readonly ipConfigurations?: readonly { readonly properties?: { readonly publicIPAddress?: { readonly id?: string } | null } }[];
    readonly hubIPAddresses?: { readonly publicIPs?: { readonly count?: number } };
    readonly virtualHub?: { readonly id?: string } | null;
    readonly autoscaleConfiguration?: { readonly minCapacity?: number | null } | null;
  };
}

export interface SnatCapacity {
  readonly publicIpCount: number;
  readonly instanceCount: number;
  readonly ports: number;
  readonly inVirtualHub: boolean;
}

export function snatCapacityOf(firewall: FirewallResource): SnatCapacity {
  const properties = firewall.properties ?? {};
  const inVirtualHub = Boolean(properties.virtualHub?.id);
  const publicIpCount = inVirtualHub
    ? (properties.hubIPAddresses?.publicIPs?.count ?? 0)
    : (properties.ipConfigurations ?? []).filter((config) => Boolean(config.properties?.publicIPAddress?.id)).length;
  const minCapacity = properties.autoscaleConfiguration?.minCapacity;
  const instanceCount =
    typeof minCapacity === 'number' && minCapacity > defaultFirewallInstances ? minCapacity : defaultFirewallInstances;
  return { publicIpCount, instanceCount, ports: publicIpCount * snatPortsPerPublicIpPerInstance * instanceCount, inVirtualHub };
}

export type SnatRecommendation =
  | { readonly kind: 'none' }
  /** Add public IPs; a NAT gateway is the alternative where the firewall lives in a VNet (not a secured hub). */
  | { readonly kind: 'add-public-ips'; readonly additionalPublicIps: number; readonly natGatewayAlternative: boolean }
  /** More IPs than the firewall accepts would be needed (or it has none to scale): use a NAT gateway. */
  | { readonly kind: 'nat-gateway' };

/**
 * Ports scale linearly with public IPs, so to bring the peak back to the threshold the firewall needs
 * ceil(ips x peak / threshold) IPs in total.
 */
export function recommendSnat(capacity: SnatCapacity, peakPercent: number, thresholdPercent: number): SnatRecommendation {
  if (peakPercent <= thresholdPercent) return { kind: 'none' };
  if (capacity.publicIpCount === 0) return { kind: 'nat-gateway' };
  const neededTotal = Math.ceil((capacity.publicIpCount * peakPercent) / thresholdPercent);
  const additionalPublicIps = Math.max(1, neededTotal - capacity.publicIpCount);
  if (capacity.publicIpCount + additionalPublicIps > maxFirewallPublicIps && !capacity.inVirtualHub) return { kind: 'nat-gateway' };
  return { kind: 'add-public-ips', additionalPublicIps, natGatewayAlternative: !capacity.inVirtualHub };
}
