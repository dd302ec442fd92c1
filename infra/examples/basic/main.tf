locals {
  name_prefix = "egguard"
}

module "egress_guard" {
  source = "../../modules/egress-guard"

  name_prefix                                  = local.name_prefix
  location                                     = var.location
  guarded_subscription_ids                     = [var.spoke_a_subscription_id, var.spoke_b_subscription_id]
  firewall_resource_ids                        = var.firewall_resource_ids
  firewall_policy_id                           = var.firewall_policy_id
  linked_resource_scopes                       = var.linked_resource_scopes
  firewall_log_analytics_workspace_resource_id = var.firewall_log_analytics_workspace_resource_id
  log_analytics_workspace_id                   = var.firewall_log_analytics_workspace_id
  teams_webhook_url                            = var.teams_webhook_url
  guard_mode                                   = var.guard_mode
  route_table_strategy                         = "per-vnet"
  durable_backend                              = var.durable_backend
}

module "events_spoke_a" {
  source    = "../../modules/guarded-subscription-events"
  providers = { azurerm = azurerm.spoke_a }

  subscription_id                = var.spoke_a_subscription_id
  name_prefix                    = local.name_prefix
  location                       = var.location
  drift_event_function_id        = module.egress_guard.drift_event_function_id
  dead_letter_storage_account_id = module.egress_guard.dead_letter_storage_account_id
  dead_letter_container_name     = module.egress_guard.dead_letter_container_name
}

module "events_spoke_b" {
  source    = "../../modules/guarded-subscription-events"
  providers = { azurerm = azurerm.spoke_b }

  subscription_id                = var.spoke_b_subscription_id
  name_prefix                    = local.name_prefix
  location                       = var.location
  drift_event_function_id        = module.egress_guard.drift_event_function_id
  dead_letter_storage_account_id = module.egress_guard.dead_letter_storage_account_id
  dead_letter_container_name     = module.egress_guard.dead_letter_container_name
}
