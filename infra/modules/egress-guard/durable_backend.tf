# Durable Functions backend. azure-storage (default): host.json as shipped, state in the app's storage account.
# durable-task-scheduler: Microsoft's managed backend, provisioned here (Microsoft.DurableTask, API 2025-11-01, via
# azapi: the azurerm resources are not in a released provider yet, hashicorp/terraform-provider-azurerm#32194/#33280).
# The app settings below switch the provider without a second package: AzureFunctionsJobHost__* overrides host.json.

locals {
  use_durable_task_scheduler = var.durable_backend == "durable-task-scheduler"
  # Must equal host.json extensions.durableTask.hubName (test/unit/infra/durableBackend.test.ts).
  durable_task_hub_name = "EgressGuard"
  # host.json storageProvider.connectionStringName: the app setting holding the scheduler connection string.
  durable_task_scheduler_connection_setting = "DURABLE_TASK_SCHEDULER_CONNECTION_STRING"

  durable_backend_settings = local.use_durable_task_scheduler ? {
    AzureFunctionsJobHost__extensions__durableTask__storageProvider__type                 = "azureManaged"
    AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName = local.durable_task_scheduler_connection_setting
    # Identity-based: no secret in the string, the user-assigned identity authenticates.
    DURABLE_TASK_SCHEDULER_CONNECTION_STRING = "Endpoint=${azapi_resource.durable_task_scheduler[0].output.properties.endpoint};Authentication=ManagedIdentity;ClientID=${azurerm_user_assigned_identity.app.client_id}"
  } : {}
}

resource "azapi_resource" "durable_task_scheduler" {
  count     = local.use_durable_task_scheduler ? 1 : 0
  type      = "Microsoft.DurableTask/schedulers@2025-11-01"
  name      = "dts-${var.name_prefix}"
  parent_id = azurerm_resource_group.app.id
  location  = azurerm_resource_group.app.location
  tags      = var.tags

  body = {
    properties = {
      sku         = { name = var.durable_task_scheduler_sku }
      ipAllowlist = var.durable_task_scheduler_ip_allow_list
    }
  }

  response_export_values = ["properties.endpoint"]
}

resource "azapi_resource" "durable_task_hub" {
  count     = local.use_durable_task_scheduler ? 1 : 0
  type      = "Microsoft.DurableTask/schedulers/taskHubs@2025-11-01"
  name      = local.durable_task_hub_name
  parent_id = azapi_resource.durable_task_scheduler[0].id
  body      = { properties = {} }

  response_export_values = ["properties.dashboardUrl"]
}

# Least privilege: the task hub, not the whole scheduler. Data Contributor is what a Durable Functions app needs
# (it starts, queries, raises events on and terminates instances, not only runs them as a Worker would).
resource "azurerm_role_assignment" "app_durable_task_data" {
  count                = local.use_durable_task_scheduler ? 1 : 0
  scope                = azapi_resource.durable_task_hub[0].id
  role_definition_name = "Durable Task Data Contributor"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
  principal_type       = "ServicePrincipal"
}
