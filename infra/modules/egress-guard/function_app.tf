resource "azurerm_service_plan" "app" {
  name                = "asp-${var.name_prefix}"
  location            = azurerm_resource_group.app.location
  resource_group_name = azurerm_resource_group.app.name
  os_type             = "Linux"
  sku_name            = "FC1"
  tags                = var.tags
}

resource "azurerm_function_app_flex_consumption" "app" {
  name                = local.function_app_name
  location            = azurerm_resource_group.app.location
  resource_group_name = azurerm_resource_group.app.name
  service_plan_id     = azurerm_service_plan.app.id

  runtime_name           = "node"
  runtime_version        = "22"
  maximum_instance_count = var.maximum_instance_count
  instance_memory_in_mb  = var.instance_memory_in_mb

  # The deployment package (aks-egress-guard.zip) is pulled from this container with the managed identity.
  storage_container_type            = "blobContainer"
  storage_container_endpoint        = "${azurerm_storage_account.app.primary_blob_endpoint}${azurerm_storage_container.deployment.name}"
  storage_authentication_type       = "UserAssignedIdentity"
  storage_user_assigned_identity_id = azurerm_user_assigned_identity.app.id

  https_only                      = true
  key_vault_reference_identity_id = azurerm_user_assigned_identity.app.id
  app_settings                    = local.app_settings

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.app.id]
  }

  site_config {
    application_insights_connection_string = azurerm_application_insights.app.connection_string
    minimum_tls_version                    = "1.2"
  }

  # Entra ID in front of the rule-request API. Unauthenticated requests are let through (not redirected, not 401)
  # because the Event Grid trigger (/runtime/webhooks/eventgrid, system key) and function-key calls carry no user
  # token. The rule-request handlers themselves refuse calls without the x-ms-client-principal the platform adds
  # after validating a token, and check approver groups/app role from it.
  auth_settings_v2 {
    auth_enabled           = true
    require_authentication = false
    unauthenticated_action = "AllowAnonymous"
    default_provider       = "azureactivedirectory"
    require_https          = true

    active_directory_v2 {
      client_id            = azuread_application.api.client_id
      tenant_auth_endpoint = "https://login.microsoftonline.com/${data.azurerm_client_config.current.tenant_id}/v2.0/"
      allowed_audiences    = [local.api_identifier_uri]
    }

    login {
      token_store_enabled = false
    }
  }

  tags = var.tags

  depends_on = [
    azurerm_role_assignment.app_storage_data,
    azurerm_role_assignment.app_secrets_user,
    azurerm_role_assignment.app_durable_task_data,
  ]
}

# Telemetry with the identity (local authentication is disabled on Application Insights).
resource "azurerm_role_assignment" "app_metrics_publisher" {
  scope                = azurerm_application_insights.app.id
  role_definition_name = "Monitoring Metrics Publisher"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
  principal_type       = "ServicePrincipal"
}
