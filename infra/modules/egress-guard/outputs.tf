output "function_app_name" {
  description = "Name of the Function App (target of the zip deployment)."
  value       = azurerm_function_app_flex_consumption.app.name
}

output "function_app_default_hostname" {
  description = "Default host name of the Function App."
  value       = azurerm_function_app_flex_consumption.app.default_hostname
}

output "resource_group_name" {
  description = "Resource group holding the app."
  value       = azurerm_resource_group.app.name
}

output "drift_event_function_id" {
  description = "ARM id of the Event Grid triggered function, for the event subscriptions on each guarded subscription."
  value       = "${azurerm_function_app_flex_consumption.app.id}/functions/${var.drift_event_function_name}"
}

output "dead_letter_storage_account_id" {
  description = "Storage account receiving Event Grid dead letters."
  value       = azurerm_storage_account.app.id
}

output "dead_letter_container_name" {
  description = "Blob container receiving Event Grid dead letters."
  value       = azurerm_storage_container.dead_letter.name
}

output "managed_identity_client_id" {
  description = "Client id of the app's user-assigned managed identity (AZURE_CLIENT_ID)."
  value       = azurerm_user_assigned_identity.app.client_id
}

output "managed_identity_principal_id" {
  description = "Object id of the app's user-assigned managed identity, for audits of its role assignments."
  value       = azurerm_user_assigned_identity.app.principal_id
}

output "entra_application_client_id" {
  description = "Client id of the Entra app registration protecting the rule-request API (grant admin consent to it)."
  value       = azuread_application.api.client_id
}

output "key_vault_name" {
  description = "Key Vault holding the Teams webhook URL (secret teams-webhook)."
  value       = azurerm_key_vault.app.name
}

output "durable_task_hub_dashboard_url" {
  description = "Dashboard of the Durable Task Scheduler task hub (orchestration history, status, terminate); null with the azure-storage backend."
  value       = local.use_durable_task_scheduler ? azapi_resource.durable_task_hub[0].output.properties.dashboardUrl : null
}
