resource "azurerm_key_vault" "app" {
  name                       = "kv-${var.name_prefix}-${local.suffix}"
  location                   = azurerm_resource_group.app.location
  resource_group_name        = azurerm_resource_group.app.name
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  sku_name                   = "standard"
  enable_rbac_authorization  = true
  purge_protection_enabled   = true
  soft_delete_retention_days = 7
  tags                       = var.tags
}

# The deployer writes the secret; the app only reads it (through the Key Vault reference).
resource "azurerm_role_assignment" "deployer_secrets_officer" {
  scope                = azurerm_key_vault.app.id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = data.azurerm_client_config.current.object_id
}

resource "azurerm_role_assignment" "app_secrets_user" {
  scope                = azurerm_key_vault.app.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_key_vault_secret" "teams_webhook" {
  # nonsensitive: only whether a URL was given decides the count, never its value.
  count        = nonsensitive(var.teams_webhook_url != null) ? 1 : 0
  name         = "teams-webhook"
  value        = var.teams_webhook_url
  content_type = "text/uri-list"
  key_vault_id = azurerm_key_vault.app.id

  depends_on = [azurerm_role_assignment.deployer_secrets_officer]
}
