# Every setting of shared/config/settingDefinitions.ts, by its app setting name (test/unit/infra/appSettings.test.ts
# checks none is missing). Null values are dropped so the app applies its own defaults and "unset" semantics.
locals {
  product_settings = {
    GUARDED_SUBSCRIPTION_IDS             = join(",", var.guarded_subscription_ids)
    FIREWALL_RESOURCE_IDS                = join(",", var.firewall_resource_ids)
    GUARD_MODE                           = var.guard_mode
    AKS_SUBNET_PATTERNS                  = join(",", var.aks_subnet_patterns)
    ROUTE_TABLE_STRATEGY                 = var.route_table_strategy
    SHARED_ROUTE_TABLE_IDS               = length(var.shared_route_table_ids) > 0 ? join(",", var.shared_route_table_ids) : null
    ROUTE_TABLE_NAME_PATTERN             = var.route_table_name_pattern
    ROUTE_FIREWALL_PUBLIC_IP_TO_INTERNET = tostring(var.route_firewall_public_ip_to_internet)
    REMOVE_BYPASS_ROUTES                 = tostring(var.remove_bypass_routes)
    CHANGE_BUDGET_PER_HOUR               = tostring(var.change_budget_per_hour)
    SWEEP_SCHEDULE                       = var.sweep_schedule
    # A Key Vault reference, resolved by the platform with the user-assigned identity: the URL never sits in app settings.
    TEAMS_WEBHOOK_URL                    = length(azurerm_key_vault_secret.teams_webhook) > 0 ? "@Microsoft.KeyVault(SecretUri=${azurerm_key_vault_secret.teams_webhook[0].versionless_id})" : null
    TEAMS_OUTBOX_SCHEDULE                = var.teams_outbox_schedule
    TEAMS_OUTBOX_RETRY_DELAY             = var.teams_outbox_retry_delay
    FOREIGN_ROUTE_TABLE_ACTION           = var.foreign_route_table_action
    FIGHT_LIMIT                          = tostring(var.fight_limit)
    FIGHT_WINDOW                         = var.fight_window
    ARM_ENDPOINT                         = var.arm_endpoint
    LOGS_ENDPOINT                        = var.logs_endpoint
    METRICS_ENDPOINT                     = var.metrics_endpoint
    LOG_ANALYTICS_WORKSPACE_ID           = var.log_analytics_workspace_id
    REPORT_SCHEDULE                      = var.report_schedule
    REPORT_LOG_MODE                      = var.report_log_mode
    REPORT_MAX_WINDOW_DAYS               = tostring(var.report_max_window_days)
    SNAT_THRESHOLD_PERCENT               = tostring(var.snat_threshold_percent)
    RULE_COLLECTION_GROUP_NAME           = var.rule_collection_group_name
    RULE_COLLECTION_GROUP_PRIORITY       = tostring(var.rule_collection_group_priority)
    FIREWALL_POLICY_ID                   = local.rule_policy_id
    APPROVER_GROUP_IDS                   = length(var.approver_group_ids) > 0 ? join(",", var.approver_group_ids) : null
    APPROVER_APP_ROLE                    = var.approver_app_role
    APPROVAL_TIMEOUT                     = var.approval_timeout
    RULE_REQUEST_SWEEP_SCHEDULE          = var.rule_request_sweep_schedule
    # This module turns App Service Authentication on (WEBSITE_AUTH_ENABLED is then set by the platform): no other
    # front end is trusted to set x-ms-client-principal.
    CLIENT_PRINCIPAL_FROM_FRONT_END      = "false"
    MAX_RULE_LIFETIME_DAYS               = tostring(var.max_rule_lifetime_days)
    RULE_REQUEST_MAX_BODY_BYTES          = tostring(var.rule_request_max_body_bytes)
    PUBLIC_BASE_URL                      = var.public_base_url
    # Identity-based host storage instead of a connection string (AzureWebJobsStorage stays unset).
    AzureWebJobsStorage__accountName = azurerm_storage_account.app.name
    AzureWebJobsStorage__credential  = "managedidentity"
    AzureWebJobsStorage__clientId    = azurerm_user_assigned_identity.app.client_id
    AZURE_CLIENT_ID                  = azurerm_user_assigned_identity.app.client_id
  }

  # Settings App Service sets itself or that belong to the platform, listed so the test can tell them from omissions.
  platform_provided_settings = ["WEBSITE_HOSTNAME", "AzureWebJobsStorage", "WEBSITE_AUTH_ENABLED"]

  platform_settings = {
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING = "ClientId=${azurerm_user_assigned_identity.app.client_id};Authorization=AAD"
  }

  app_settings = { for name, value in merge(local.product_settings, local.platform_settings, local.durable_backend_settings) : name => value if value != null }
}
