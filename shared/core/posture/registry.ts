import { asymmetricRoutingCheck } from './checks/asymmetricRoutingCheck';
import { authorizedIpRangesCheck } from './checks/authorizedIpRangesCheck';
import { dnsProxyCheck } from './checks/dnsProxyCheck';
import { firewallRegionCheck } from './checks/firewallRegionCheck';
import { outboundTypeCheck } from './checks/outboundTypeCheck';
import { requiredEgressCheck } from './checks/requiredEgressCheck';
import { snatHeadroomCheck } from './checks/snatHeadroomCheck';
import type { PostureCheck } from './types';

/** Every posture check, in reporting order. Add a check by adding a file and a line here. */
export const postureChecks: readonly PostureCheck[] = [
  firewallRegionCheck,
  outboundTypeCheck,
  requiredEgressCheck,
  authorizedIpRangesCheck,
  asymmetricRoutingCheck,
  dnsProxyCheck,
  snatHeadroomCheck,
];
