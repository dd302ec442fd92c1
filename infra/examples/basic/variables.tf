variable "app_subscription_id" {
  description = "Subscription hosting the app (function, storage, vault, monitoring)."
  type        = string
}

variable "spoke_a_subscription_id" {
  description = "First guarded subscription."
  type        = string
}

variable "spoke_b_subscription_id" {
  description = "Second guarded subscription."
  type        = string
}

variable "location" {
  description = "Region of the app."
  type        = string
  default     = "westeurope"
}

variable "firewall_resource_ids" {
  description = "Hub Azure Firewall resource ids, one per region."
  type        = list(string)
}

variable "linked_resource_scopes" {
  description = "Where the spokes' peered hub VNet and DDoS plan live (outside the guarded subscriptions): the app gets join/peer there so its VNet writes are not refused."
  type        = list(string)
  default     = []
}

variable "firewall_policy_id" {
  description = "Firewall policy receiving approved rule requests."
  type        = string
}

variable "firewall_log_analytics_workspace_resource_id" {
  description = "ARM id of the workspace with the firewall's diagnostic logs."
  type        = string
}

variable "firewall_log_analytics_workspace_id" {
  description = "Customer id (GUID) of that same workspace."
  type        = string
}

variable "teams_webhook_url" {
  description = "Teams Workflows webhook URL (pass with TF_VAR_teams_webhook_url, never commit it)."
  type        = string
  default     = null
  sensitive   = true
}

variable "guard_mode" {
  description = "audit first; switch to enforce once the reported findings look right."
  type        = string
  default     = "audit"
}

variable "durable_backend" {
  description = "Durable Functions backend: azure-storage or durable-task-scheduler (docs/deploy.md, \"Durable backend\")."
  type        = string
  default     = "azure-storage"
}
