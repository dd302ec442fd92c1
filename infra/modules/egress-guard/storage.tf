# Durable task hub (queues, tables, blobs), the app's state tables, the deployment package and Event Grid dead
# letters. Shared keys are off: the app, the deployment and Event Grid all use managed identities.
resource "azurerm_storage_account" "app" {
  name                            = "st${var.name_prefix}${local.suffix}"
  location                        = azurerm_resource_group.app.location
  resource_group_name             = azurerm_resource_group.app.name
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  min_tls_version                 = "TLS1_2"
  shared_access_key_enabled       = false
  allow_nested_items_to_be_public = false
  default_to_oauth_authentication = true
  tags                            = var.tags
}

resource "azurerm_storage_container" "deployment" {
  name                  = "app-package"
  storage_account_id    = azurerm_storage_account.app.id
  container_access_type = "private"
}

resource "azurerm_storage_container" "dead_letter" {
  name                  = "eventgrid-dead-letter"
  storage_account_id    = azurerm_storage_account.app.id
  container_access_type = "private"
}

# Data roles the Functions host and Durable Functions need with identity-based AzureWebJobsStorage.
locals {
  app_storage_data_roles = toset([
    "Storage Blob Data Owner",
    "Storage Queue Data Contributor",
    "Storage Table Data Contributor",
  ])
}

resource "azurerm_role_assignment" "app_storage_data" {
  for_each             = local.app_storage_data_roles
  scope                = azurerm_storage_account.app.id
  role_definition_name = each.value
  principal_id         = azurerm_user_assigned_identity.app.principal_id
  principal_type       = "ServicePrincipal"
}
