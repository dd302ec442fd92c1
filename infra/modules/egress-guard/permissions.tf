# ARM actions the app performs, as literal lists on purpose: test/unit/infra/permissions.test.ts compares them with
# shared/azure/permissions.ts, so code and role cannot drift apart silently. Edit both together.
locals {
  guarded_subscription_actions_by_strategy = {
    "per-vnet" = [
      "Microsoft.Network/virtualNetworks/read",
      "Microsoft.Network/virtualNetworks/subnets/read",
      "Microsoft.Network/routeTables/read",
      "Microsoft.Network/routeTables/routes/read",
      "Microsoft.Network/azureFirewalls/read",
      "Microsoft.Network/firewallPolicies/read",
      "Microsoft.Network/publicIPAddresses/read",
      "Microsoft.ContainerService/managedClusters/read",
      "Microsoft.ContainerService/managedClusters/agentPools/read",
      "Microsoft.Network/loadBalancers/read",
      "Microsoft.Network/locations/operations/read",
      "Microsoft.Network/locations/operationResults/read",
      "Microsoft.Network/virtualNetworks/write",
      "Microsoft.Network/virtualNetworks/subnets/write",
      "Microsoft.Network/routeTables/join/action",
      "Microsoft.Network/networkSecurityGroups/join/action",
      "Microsoft.Network/natGateways/join/action",
      "Microsoft.Network/serviceEndpointPolicies/join/action",
      "Microsoft.Network/ddosProtectionPlans/join/action",
      "Microsoft.Network/virtualNetworks/peer/action",
      "Microsoft.Network/networkManagers/ipamPools/associateResourcesToPool/action",
      "Microsoft.Network/routeTables/write",
      "Microsoft.Network/routeTables/routes/write",
    ]
    "shared" = [
      "Microsoft.Network/virtualNetworks/read",
      "Microsoft.Network/virtualNetworks/subnets/read",
      "Microsoft.Network/routeTables/read",
      "Microsoft.Network/routeTables/routes/read",
      "Microsoft.Network/azureFirewalls/read",
      "Microsoft.Network/firewallPolicies/read",
      "Microsoft.Network/publicIPAddresses/read",
      "Microsoft.ContainerService/managedClusters/read",
      "Microsoft.ContainerService/managedClusters/agentPools/read",
      "Microsoft.Network/loadBalancers/read",
      "Microsoft.Network/locations/operations/read",
      "Microsoft.Network/locations/operationResults/read",
      "Microsoft.Network/virtualNetworks/write",
      "Microsoft.Network/virtualNetworks/subnets/write",
      "Microsoft.Network/routeTables/join/action",
      "Microsoft.Network/networkSecurityGroups/join/action",
      "Microsoft.Network/natGateways/join/action",
      "Microsoft.Network/serviceEndpointPolicies/join/action",
      "Microsoft.Network/ddosProtectionPlans/join/action",
      "Microsoft.Network/virtualNetworks/peer/action",
      "Microsoft.Network/networkManagers/ipamPools/associateResourcesToPool/action",
    ]
  }

  # Repair in place writes the offending route and the BGP flag into route tables the guard does not own: granted
  # unless FOREIGN_ROUTE_TABLE_ACTION is report (swap still repairs a kubenet cluster's table in place). per-vnet
  # already holds both; distinct() below keeps the role free of duplicates.
  foreign_route_table_repair_actions = [
    "Microsoft.Network/routeTables/write",
    "Microsoft.Network/routeTables/routes/write",
  ]

  # Granted only when REMOVE_BYPASS_ROUTES is true.
  bypass_route_removal_actions = [
    "Microsoft.Network/routeTables/routes/delete",
  ]

  hub_firewall_read_actions = [
    "Microsoft.Network/azureFirewalls/read",
    "Microsoft.Network/publicIPAddresses/read",
    "Microsoft.Network/firewallPolicies/read",
    "Microsoft.Network/firewallPolicies/ruleCollectionGroups/read",
    "Microsoft.Network/ipGroups/read",
  ]

  # ARM's linked access check on resources the VNet and subnet bodies reference outside the guarded subscriptions
  # (hub VNet of a peering, DDoS plan, IPAM pools, shared NSGs/route tables): granted on var.linked_resource_scopes.
  linked_resource_actions = [
    "Microsoft.Network/routeTables/join/action",
    "Microsoft.Network/networkSecurityGroups/join/action",
    "Microsoft.Network/natGateways/join/action",
    "Microsoft.Network/serviceEndpointPolicies/join/action",
    "Microsoft.Network/ddosProtectionPlans/join/action",
    "Microsoft.Network/virtualNetworks/peer/action",
    "Microsoft.Network/networkManagers/ipamPools/associateResourcesToPool/action",
  ]

  firewall_policy_rule_actions = [
    "Microsoft.Network/firewallPolicies/read",
    "Microsoft.Network/firewallPolicies/ruleCollectionGroups/read",
    "Microsoft.Network/firewallPolicies/ruleCollectionGroups/write",
  ]

  # The rule collection group PUT is a long-running operation; its status URLs do not name the policy, and ARM
  # authorizes them at resource group level or above (Microsoft Learn, "Track asynchronous Azure operations").
  firewall_policy_operation_status_actions = [
    "Microsoft.Network/locations/operations/read",
    "Microsoft.Network/locations/operationResults/read",
  ]

  guarded_subscription_actions = distinct(concat(
    local.guarded_subscription_actions_by_strategy[var.route_table_strategy],
    var.foreign_route_table_action != "report" ? local.foreign_route_table_repair_actions : [],
    var.remove_bypass_routes ? local.bypass_route_removal_actions : [],
  ))
}
