# A subscription-level system topic must be created in the subscription it watches (Event Grid rule), so this
# module runs with a provider for that subscription, once per guarded subscription.
resource "azurerm_resource_group" "events" {
  name     = "rg-${var.name_prefix}-events"
  location = var.location
  tags     = var.tags
}

resource "azurerm_eventgrid_system_topic" "subscription" {
  name                = "egt-${var.name_prefix}-${var.subscription_id}"
  location            = "Global"
  resource_group_name = azurerm_resource_group.events.name
  source_resource_id  = "/subscriptions/${var.subscription_id}"
  topic_type          = "Microsoft.Resources.Subscriptions"
  tags                = var.tags

  # Dead-lettering with the topic's identity: the app's storage account has shared keys disabled.
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_role_assignment" "dead_letter_writer" {
  scope                = "${var.dead_letter_storage_account_id}/blobServices/default/containers/${var.dead_letter_container_name}"
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_eventgrid_system_topic.subscription.identity[0].principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_eventgrid_system_topic_event_subscription" "drift" {
  name                = "drift-to-${var.name_prefix}"
  system_topic        = azurerm_eventgrid_system_topic.subscription.name
  resource_group_name = azurerm_resource_group.events.name

  azure_function_endpoint {
    function_id          = var.drift_event_function_id
    max_events_per_batch = 1
  }

  included_event_types = local.handled_event_types

  # Only the writes and deletes the app reacts to; every other ARM write in the subscription stays out.
  advanced_filter {
    string_in {
      key    = "data.operationName"
      values = local.handled_event_operations
    }
  }

  retry_policy {
    max_delivery_attempts = var.max_delivery_attempts
    event_time_to_live    = var.event_time_to_live_in_minutes
  }

  dead_letter_identity {
    type = "SystemAssigned"
  }

  storage_blob_dead_letter_destination {
    storage_account_id          = var.dead_letter_storage_account_id
    storage_blob_container_name = var.dead_letter_container_name
  }

  depends_on = [azurerm_role_assignment.dead_letter_writer]
}
