# The firewall policy approved rules go to. The app's rule: FIREWALL_POLICY_ID, else the policy attached to the first
# firewall. Resolving the second case here too keeps the app and its role on the same policy: the rule-write role is
# granted on it and FIREWALL_POLICY_ID is set to it, so the app never writes where it has no rights. azapi reads the
# firewall by id, in whatever subscription the hub is (azurerm's data source looks only in the provider's).

data "azapi_resource" "first_firewall" {
  count                  = var.firewall_policy_id == null && length(var.firewall_resource_ids) > 0 ? 1 : 0
  type                   = "Microsoft.Network/azureFirewalls@2024-05-01"
  resource_id            = var.firewall_resource_ids[0]
  response_export_values = ["properties.firewallPolicy.id"]
}

locals {
  # Null only when neither is there (a firewall with classic rules and no policy): then no rule writes are granted.
  rule_policy_id = var.firewall_policy_id != null ? var.firewall_policy_id : try(data.azapi_resource.first_firewall[0].output.properties.firewallPolicy.id, null)
}
