import { RestError } from '@azure/core-rest-pipeline';
import { parseLinkedAuthorizationFailure } from '../../../../shared/azure/arm/linkedAuthorization';

// Message texts as ARM sent them, quoted in public reports (ids shortened where the report had them redacted).
const subnetRouteTable =
  "The client '686f04b6-afa9-4466-a671-7b4ddd260118' with object id '686f04b6-afa9-4466-a671-7b4ddd260118' has permission to perform action 'Microsoft.Network/virtualNetworks/subnets/write' on scope '/subscriptions/***/resourceGroups/pcc-staging-rg/providers/Microsoft.Network/virtualNetworks/pcc-staging-network/subnets/pcc-staging-node-subnet'; however, it does not have permission to perform action 'Microsoft.Network/routeTables/join/action' on the linked scope(s) '/subscriptions/***/resourceGroups/MC_pcc-staging-rg_pcc-staging-cluster_westeurope/providers/Microsoft.Network/routeTables/aks-agentpool-27180469-routetable' or the linked scope(s) are invalid."; // microsoft/planetary-computer-hub#25
const vnetDdos =
  "The client 'XX' with object id 'c0602d84-4705-405c-a897-0c4718407f9b' has permission to perform action 'Microsoft.Network/virtualNetworks/write' on scope '/subscriptions/{guid}/resourceGroups/bug25903-test-rg/providers/Microsoft.Network/virtualNetworks/dapazd-vnet'; however, it does not have permission to perform action 'Microsoft.Network/ddosProtectionPlans/join/action' on the linked scope(s) '/subscriptions/{guid}/resourceGroups/eacp-ddos/providers/Microsoft.Network/ddosProtectionPlans/eacp-ddos-norwayeast' or the linked scope(s) are invalid."; // Azure/Azure-Landing-Zones#1977
const denyAssignment =
  "The client 'xxx' with object id 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx' has permission to perform action 'Microsoft.Network/virtualNetworks/write' on scope '/subscriptions/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx/resourceGroups/xxx/providers/Microsoft.Network/virtualNetworks/xxx'; however, it does not have permission to perform action 'Microsoft.Network/networkSecurityGroups/join/action' on the '0' linked scope(s) '' or the linked scope(s) are invalid and is blocked by deny assignments on the '2' linked scope(s) '/subscriptions/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx/resourceGroups/aro-xxx/providers/Microsoft.Network/networkSecurityGroups/aro-controlplane-nsg,/subscriptions/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx/resourceGroups/aro-xxx/providers/Microsoft.Network/networkSecurityGroups/aro-node-nsg'."; // Azure/ARO-RP#423
const linkedSubscriptionNotFound =
  "The client has permission to perform action 'Microsoft.Network/ddosProtectionPlans/join/action' on scope '/subscriptions/{real subscription_id}/resourceGroups/mvwc-eastus-corp-nonprd-rg/providers/Microsoft.Network/virtualNetworks/mvwc-eastus-corp-nonprd-vnet', however the linked subscription '00000000-0000-0000-0000-000000000000' was not found. "; // hashicorp/terraform-provider-azurerm#14021
const tenantNotAuthorized =
  "The client has permission to perform action 'Microsoft.Network/virtualNetworks/peer/action' on scope '/subscriptions/$SECONDARY_SUBSCRIPTION/resourceGroups/mzink-test/providers/Microsoft.Network/virtualNetworks/mzink-test-vnet/virtualNetworkPeerings/mzink-test-vnet-to-mzink-vnet', however the current tenant '$SECONDARY_TENANT' is not authorized to access linked subscription '$PRIMARY_SUBSCRIPTION'."; // Azure/azure-cli#16691

describe('parseLinkedAuthorizationFailure', () => {
  it('reads the missing action and linked scope of a subnet PUT (service principal caller)', () => {
    const failure = parseLinkedAuthorizationFailure(new RestError(subnetRouteTable, { code: 'LinkedAuthorizationFailed', statusCode: 403 }));

    expect(failure).toEqual({
      reason: 'missing-permission',
      action: 'Microsoft.Network/routeTables/join/action',
      scope: '/subscriptions/***/resourceGroups/MC_pcc-staging-rg_pcc-staging-cluster_westeurope/providers/Microsoft.Network/routeTables/aks-agentpool-27180469-routetable',
      scopes: ['/subscriptions/***/resourceGroups/MC_pcc-staging-rg_pcc-staging-cluster_westeurope/providers/Microsoft.Network/routeTables/aks-agentpool-27180469-routetable'],
      sentence:
        'grant Microsoft.Network/routeTables/join/action on /subscriptions/***/resourceGroups/MC_pcc-staging-rg_pcc-staging-cluster_westeurope/providers/Microsoft.Network/routeTables/aks-agentpool-27180469-routetable',
    });
  });

  it('reads a VNet PUT refused on its DDoS plan, from a bare message too', () => {
    expect(parseLinkedAuthorizationFailure(vnetDdos)?.sentence).toBe(
      'grant Microsoft.Network/ddosProtectionPlans/join/action on /subscriptions/{guid}/resourceGroups/eacp-ddos/providers/Microsoft.Network/ddosProtectionPlans/eacp-ddos-norwayeast',
    );
  });

  it('lists every scope of a deny assignment', () => {
    const failure = parseLinkedAuthorizationFailure({ code: 'LinkedAuthorizationFailed', message: denyAssignment });

    expect(failure?.reason).toBe('denied');
    expect(failure?.scopes).toHaveLength(2);
    expect(failure?.sentence).toMatch(/^Microsoft\.Network\/networkSecurityGroups\/join\/action on .*aro-controlplane-nsg, .*aro-node-nsg is blocked by a deny assignment/);
  });

  it('names the subscription ARM did not find', () => {
    expect(parseLinkedAuthorizationFailure({ code: 'LinkedAuthorizationFailed', message: linkedSubscriptionNotFound })).toMatchObject({
      reason: 'linked-subscription-not-found',
      action: 'Microsoft.Network/ddosProtectionPlans/join/action',
      scope: '/subscriptions/00000000-0000-0000-0000-000000000000',
    });
  });

  it('names the tenant that cannot reach the linked subscription', () => {
    expect(parseLinkedAuthorizationFailure({ code: 'LinkedAuthorizationFailed', message: tenantNotAuthorized })).toMatchObject({
      reason: 'tenant-not-authorized',
      action: 'Microsoft.Network/virtualNetworks/peer/action',
      scope: '/subscriptions/$PRIMARY_SUBSCRIPTION',
    });
  });

  it('returns undefined for other errors and unknown wordings', () => {
    expect(parseLinkedAuthorizationFailure(new RestError(vnetDdos, { code: 'AuthorizationFailed', statusCode: 403 }))).toBeUndefined();
    expect(parseLinkedAuthorizationFailure({ code: 'LinkedAuthorizationFailed', message: 'Something else.' })).toBeUndefined();
    expect(parseLinkedAuthorizationFailure(undefined)).toBeUndefined();
    expect(parseLinkedAuthorizationFailure(42)).toBeUndefined();
  });
});
