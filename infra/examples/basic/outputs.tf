output "function_app_name" {
  description = "Where to deploy aks-egress-guard.zip."
  value       = module.egress_guard.function_app_name
}

output "resource_group_name" {
  description = "Resource group of the app."
  value       = module.egress_guard.resource_group_name
}

output "entra_application_client_id" {
  description = "Entra app to grant admin consent to and assign approvers on."
  value       = module.egress_guard.entra_application_client_id
}
