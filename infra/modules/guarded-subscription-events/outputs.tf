output "system_topic_id" {
  description = "ARM id of the subscription's Event Grid system topic."
  value       = azurerm_eventgrid_system_topic.subscription.id
}

output "event_subscription_id" {
  description = "ARM id of the event subscription delivering drift events to the app."
  value       = azurerm_eventgrid_system_topic_event_subscription.drift.id
}
