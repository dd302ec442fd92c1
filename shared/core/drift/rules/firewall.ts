import type { DriftRule } from './rule';
import { findingOf } from './rule';

const name = 'firewall';

/** Prerequisite: without the region's firewall and its private IP nothing can be routed; reported, never fixed. */
export const firewallRule: DriftRule = {
  name,
  evaluate(observed) {
    const region = observed.vnet.location;
    if (observed.firewall === undefined) {
      return [
        findingOf(name, observed, {
          code: 'firewall-not-configured-for-region',
          severity: 'error',
          message: `FIREWALL_RESOURCE_IDS has no firewall in region ${region} of VNet ${observed.vnet.name}; the subnet cannot be routed.`,
          fixable: false,
        }),
      ];
    }
    if (observed.firewall.privateIp === undefined) {
      return [
        findingOf(name, observed, {
          code: 'firewall-private-ip-unknown',
          severity: 'error',
          message: `Firewall ${observed.firewall.id} has no private IP (no ipConfigurations[].privateIPAddress nor hubIPAddresses); routes cannot be set.`,
          fixable: false,
          resourceId: observed.firewall.id,
        }),
      ];
    }
    return [];
  },
  plan: () => [],
};
