# Event Grid data.operationName values the drift trigger handles, literal on purpose:
# test/unit/infra/eventFilter.test.ts compares them with handledEventOperations in shared/azure/permissions.ts.
locals {
  handled_event_operations = [
    "Microsoft.Network/virtualNetworks/write",
    "Microsoft.Network/virtualNetworks/delete",
    "Microsoft.Network/virtualNetworks/subnets/write",
    "Microsoft.Network/virtualNetworks/subnets/delete",
    "Microsoft.Network/routeTables/write",
    "Microsoft.Network/routeTables/delete",
    "Microsoft.Network/routeTables/routes/write",
    "Microsoft.Network/routeTables/routes/delete",
    "Microsoft.ContainerService/managedClusters/write",
    "Microsoft.ContainerService/managedClusters/delete",
    "Microsoft.ContainerService/managedClusters/agentPools/write",
    "Microsoft.ContainerService/managedClusters/agentPools/delete",
    "Microsoft.Network/azureFirewalls/write",
    "Microsoft.Network/firewallPolicies/write",
    "Microsoft.Network/firewallPolicies/ruleCollectionGroups/write",
    "Microsoft.Network/firewallPolicies/ruleCollectionGroups/delete",
    "Microsoft.Network/ipGroups/write",
    "Microsoft.Network/loadBalancers/write",
    "Microsoft.Network/loadBalancers/delete",
  ]

  handled_event_types = [
    "Microsoft.Resources.ResourceWriteSuccess",
    "Microsoft.Resources.ResourceDeleteSuccess",
  ]
}
