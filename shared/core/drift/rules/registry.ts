import { bgpPropagationRule } from './bgpPropagation';
import { bypassRoutesRule } from './bypassRoutes';
import { clusterOutboundTypeRule } from './clusterOutboundType';
import { firewallRule } from './firewall';
import { defaultRouteRule, firewallPublicIpRouteRule } from './firewallRoutes';
import { modeRule } from './mode';
import type { DriftRule } from './rule';
import { subnetRouteTableRule } from './subnetRouteTable';
import { vnetDnsRule } from './vnetDns';

/** Every drift rule, in reporting order. Add a rule by adding a file and a line here. */
export const driftRules: readonly DriftRule[] = [
  modeRule,
  firewallRule,
  subnetRouteTableRule,
  defaultRouteRule,
  firewallPublicIpRouteRule,
  bgpPropagationRule,
  bypassRoutesRule,
  vnetDnsRule,
  clusterOutboundTypeRule,
];

export type { DriftRule } from './rule';
