data "azurerm_client_config" "current" {}

# Globally unique names (storage, vault, app host name) without asking the caller to invent them.
resource "random_string" "suffix" {
  length  = 6
  upper   = false
  special = false
}

locals {
  suffix            = random_string.suffix.result
  function_app_name = "func-${var.name_prefix}-${local.suffix}"
}

resource "azurerm_resource_group" "app" {
  name     = "rg-${var.name_prefix}"
  location = var.location
  tags     = var.tags
}

# One user-assigned identity for everything the app does: storage, Key Vault references, ARM, Log Analytics.
# User-assigned (not system-assigned) so role assignments can exist before the app and survive its re-creation.
resource "azurerm_user_assigned_identity" "app" {
  name                = "id-${var.name_prefix}"
  location            = azurerm_resource_group.app.location
  resource_group_name = azurerm_resource_group.app.name
  tags                = var.tags
}

resource "azurerm_log_analytics_workspace" "app" {
  name                = "log-${var.name_prefix}-${local.suffix}"
  location            = azurerm_resource_group.app.location
  resource_group_name = azurerm_resource_group.app.name
  sku                 = "PerGB2018"
  retention_in_days   = var.log_retention_in_days
  tags                = var.tags
}

resource "azurerm_application_insights" "app" {
  name                = "appi-${var.name_prefix}-${local.suffix}"
  location            = azurerm_resource_group.app.location
  resource_group_name = azurerm_resource_group.app.name
  workspace_id        = azurerm_log_analytics_workspace.app.id
  application_type    = "Node.JS"
  # Telemetry is sent with the managed identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING), not the key.
  local_authentication_disabled = true
  tags                          = var.tags
}
