variable "subscription_id" {
  description = "The guarded subscription whose ARM resource events are sent to the app. The azurerm provider passed to this module must target it: a system topic lives in its source subscription."
  type        = string
}

variable "name_prefix" {
  description = "Prefix for the names created in the guarded subscription (same as the egress-guard module's)."
  type        = string
}

variable "location" {
  description = "Region of the small resource group holding the system topic."
  type        = string
}

variable "drift_event_function_id" {
  description = "ARM id of the app's Event Grid function (egress-guard module output drift_event_function_id)."
  type        = string
}

variable "dead_letter_storage_account_id" {
  description = "Storage account for undeliverable events (egress-guard module output dead_letter_storage_account_id)."
  type        = string
}

variable "dead_letter_container_name" {
  description = "Blob container for undeliverable events (egress-guard module output dead_letter_container_name)."
  type        = string
}

variable "max_delivery_attempts" {
  description = "Event Grid delivery attempts before an event is dead-lettered (1-30)."
  type        = number
  default     = 30
}

variable "event_time_to_live_in_minutes" {
  description = "Minutes Event Grid keeps retrying an event before dead-lettering it (1-1440). The sweep catches anything lost."
  type        = number
  default     = 1440
}

variable "tags" {
  description = "Tags applied to the resources created in the guarded subscription."
  type        = map(string)
  default     = {}
}
