# ---------------------------------------------------------------------------------------------------------------------
# Deployment
# ---------------------------------------------------------------------------------------------------------------------

variable "name_prefix" {
  description = "Short prefix for every resource name (letters and digits, 3-12 characters), e.g. \"egguard\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{2,11}$", var.name_prefix))
    error_message = "name_prefix must be 3-12 lower-case letters and digits, starting with a letter."
  }
}

variable "location" {
  description = "Azure region of the app, its storage, vault and monitoring, e.g. \"westeurope\"."
  type        = string
}

variable "tags" {
  description = "Tags applied to every resource the module creates."
  type        = map(string)
  default     = {}
}

variable "drift_event_function_name" {
  description = "Name of the Event Grid triggered function (app.eventGrid) that receives ARM resource events."
  type        = string
  default     = "driftEvents"
}

variable "maximum_instance_count" {
  description = "Flex Consumption scale-out limit. The guard is low-volume; a small cap also bounds ARM write bursts."
  type        = number
  default     = 40
}

variable "instance_memory_in_mb" {
  description = "Flex Consumption instance memory: 2048 or 4096."
  type        = number
  default     = 2048

  validation {
    condition     = contains([2048, 4096], var.instance_memory_in_mb)
    error_message = "instance_memory_in_mb must be 2048 or 4096."
  }
}

variable "log_retention_in_days" {
  description = "Retention of the app's own Log Analytics workspace (Application Insights data)."
  type        = number
  default     = 30
}

variable "firewall_log_analytics_workspace_resource_id" {
  description = "ARM id of the workspace receiving the firewall's diagnostic logs; the app's identity gets Log Analytics Reader on it. Null = no report access."
  type        = string
  default     = null
}

variable "linked_resource_scopes" {
  description = "Scopes outside the guarded subscriptions holding resources the guarded VNets reference: the hub VNet (peerings), the DDoS protection plan, IPAM pools, shared NSGs or route tables (subscription, resource group or resource ids). The app gets join/peer on them only; without it ARM refuses VNet writes that carry those references (LinkedAuthorizationFailed)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for scope in var.linked_resource_scopes : can(regex("(?i)^/subscriptions/[0-9a-f-]{36}(/resourceGroups/[^/]+(/providers/.+)?)?$", scope))])
    error_message = "linked_resource_scopes must hold subscription, resource group or resource ids."
  }
}

variable "entra_app_owners" {
  description = "Object ids of users who own the Entra app registration for the rule-request API (they can grant admin consent and assign the approver role)."
  type        = list(string)
  default     = []
}

# ---------------------------------------------------------------------------------------------------------------------
# App settings: one variable per entry of shared/config/settingDefinitions.ts (names in comments).
# ---------------------------------------------------------------------------------------------------------------------

variable "guarded_subscription_ids" {
  description = "GUARDED_SUBSCRIPTION_IDS: subscriptions whose AKS subnets and VNets are guarded and swept."
  type        = list(string)

  validation {
    condition     = length(var.guarded_subscription_ids) > 0 && alltrue([for id in var.guarded_subscription_ids : can(regex("^[0-9a-fA-F-]{36}$", id))])
    error_message = "guarded_subscription_ids must hold at least one subscription id (GUID)."
  }
}

variable "firewall_resource_ids" {
  description = "FIREWALL_RESOURCE_IDS: hub Azure Firewall resource ids, one per region."
  type        = list(string)

  validation {
    condition     = length(var.firewall_resource_ids) > 0 && alltrue([for id in var.firewall_resource_ids : can(regex("(?i)^/subscriptions/[0-9a-f-]{36}/resourceGroups/[^/]+/providers/Microsoft.Network/azureFirewalls/[^/]+$", id))])
    error_message = "firewall_resource_ids must hold Azure Firewall resource ids."
  }
}

variable "guard_mode" {
  description = "GUARD_MODE: audit reports findings only; enforce also writes. Start in audit."
  type        = string
  default     = "audit"

  validation {
    condition     = contains(["audit", "enforce"], var.guard_mode)
    error_message = "guard_mode must be audit or enforce."
  }
}

variable "aks_subnet_patterns" {
  description = "AKS_SUBNET_PATTERNS: glob patterns of subnet names guarded before any cluster uses them."
  type        = list(string)
  default     = ["aks-*"]
}

variable "route_table_strategy" {
  description = "ROUTE_TABLE_STRATEGY: per-vnet (the app creates a route table per spoke VNet) or shared (associates shared_route_table_ids). Decides the custom role's write actions."
  type        = string
  default     = "per-vnet"

  validation {
    condition     = contains(["per-vnet", "shared"], var.route_table_strategy)
    error_message = "route_table_strategy must be per-vnet or shared."
  }
}

variable "shared_route_table_ids" {
  description = "SHARED_ROUTE_TABLE_IDS: route tables to associate, one per region (required when route_table_strategy is shared)."
  type        = list(string)
  default     = []
}

variable "route_table_name_pattern" {
  description = "ROUTE_TABLE_NAME_PATTERN: name of the per-VNet route table, with optional {vnet} and {region} placeholders."
  type        = string
  default     = "rt-{vnet}-egress"
}

variable "route_firewall_public_ip_to_internet" {
  description = "ROUTE_FIREWALL_PUBLIC_IP_TO_INTERNET: also add the firewall public IP/32 -> Internet route."
  type        = bool
  default     = false
}

variable "remove_bypass_routes" {
  description = "REMOVE_BYPASS_ROUTES: delete routes that bypass the firewall (adds routes/delete to the custom role)."
  type        = bool
  default     = false
}

variable "change_budget_per_hour" {
  description = "CHANGE_BUDGET_PER_HOUR: maximum ARM writes per hour before the app switches itself to audit."
  type        = number
  default     = 60
}

variable "sweep_schedule" {
  description = "SWEEP_SCHEDULE: six-field NCRONTAB of the full compliance sweep."
  type        = string
  default     = "0 0 */6 * * *"
}

variable "teams_webhook_url" {
  description = "TEAMS_WEBHOOK_URL: Teams Workflows webhook URL. Stored in Key Vault and referenced from the app setting; it lands in Terraform state, so keep state encrypted. Null = log only."
  type        = string
  default     = null
  sensitive   = true
}

variable "teams_outbox_schedule" {
  description = "TEAMS_OUTBOX_SCHEDULE: six-field NCRONTAB of the Teams outbox drain (cards Teams did not take are retried)."
  type        = string
  default     = "0 * * * * *"
}

variable "teams_outbox_retry_delay" {
  description = "TEAMS_OUTBOX_RETRY_DELAY: ISO 8601 duration before the first retry of a queued Teams card (doubles per retry, at most an hour)."
  type        = string
  default     = "PT1M"
}

variable "arm_endpoint" {
  description = "ARM_ENDPOINT: Azure Resource Manager endpoint (change for sovereign clouds)."
  type        = string
  default     = "https://management.azure.com"
}

variable "logs_endpoint" {
  description = "LOGS_ENDPOINT: Log Analytics query endpoint."
  type        = string
  default     = "https://api.loganalytics.io/v1"
}

variable "metrics_endpoint" {
  description = "METRICS_ENDPOINT: Azure Monitor metrics endpoint of the firewall region. Null = unset."
  type        = string
  default     = null
}

variable "log_analytics_workspace_id" {
  description = "LOG_ANALYTICS_WORKSPACE_ID: workspace (customer) id GUID of the firewall's logs. Null = egress report disabled."
  type        = string
  default     = null
}

variable "report_schedule" {
  description = "REPORT_SCHEDULE: six-field NCRONTAB (UTC) of the egress report."
  type        = string
  default     = "0 0 7 * * 1-5"
}

variable "report_log_mode" {
  description = "REPORT_LOG_MODE: auto, resource-specific or azure-diagnostics."
  type        = string
  default     = "auto"

  validation {
    condition     = contains(["auto", "resource-specific", "azure-diagnostics"], var.report_log_mode)
    error_message = "report_log_mode must be auto, resource-specific or azure-diagnostics."
  }
}

variable "report_max_window_days" {
  description = "REPORT_MAX_WINDOW_DAYS: longest window a report covers, 1-30."
  type        = number
  default     = 7
}

variable "snat_threshold_percent" {
  description = "SNAT_THRESHOLD_PERCENT: SNAT utilisation peak above which the report recommends more capacity."
  type        = number
  default     = 80
}

variable "rule_collection_group_name" {
  description = "RULE_COLLECTION_GROUP_NAME: the rule collection group the app owns in the firewall policy."
  type        = string
  default     = "egress-guard-requests"
}

variable "rule_collection_group_priority" {
  description = "RULE_COLLECTION_GROUP_PRIORITY: priority of the owned rule collection group, 100-65000."
  type        = number
  default     = 64000
}

variable "firewall_policy_id" {
  description = "FIREWALL_POLICY_ID: policy receiving approved rules; the rule-write role is scoped to it. Null = the policy attached to the first firewall in firewall_resource_ids (read at plan time), as the app would choose; no rule writes only when that firewall has no policy."
  type        = string
  default     = null
}

variable "approver_group_ids" {
  description = "APPROVER_GROUP_IDS: Entra group object ids whose members may approve rule requests."
  type        = list(string)
  default     = []
}

variable "approver_app_role" {
  description = "APPROVER_APP_ROLE: app role value whose holders may approve rule requests (declared on the Entra app)."
  type        = string
  default     = "EgressGuard.Approver"
}

variable "approval_timeout" {
  description = "APPROVAL_TIMEOUT: ISO 8601 duration before an unanswered rule request expires, PT1M to P30D."
  type        = string
  default     = "PT72H"
}

variable "max_rule_lifetime_days" {
  description = "MAX_RULE_LIFETIME_DAYS: longest rule lifetime a request may ask for, 1-3650."
  type        = number
  default     = 90
}

variable "rule_request_max_body_bytes" {
  description = "RULE_REQUEST_MAX_BODY_BYTES: larger rule request bodies are refused with 413."
  type        = number
  default     = 32768
}

variable "public_base_url" {
  description = "PUBLIC_BASE_URL: base URL for links in cards. Null = https://<default host name>."
  type        = string
  default     = null
}

# ---------------------------------------------------------------------------------------------------------------------
# Durable Functions backend (docs/deploy.md, "Durable backend")
# ---------------------------------------------------------------------------------------------------------------------

variable "durable_backend" {
  description = "Where Durable Functions keeps orchestration state: azure-storage (queues and tables in the app's storage account) or durable-task-scheduler (Microsoft's managed backend; the module provisions a scheduler, a task hub and the identity's Durable Task Data Contributor role)."
  type        = string
  default     = "azure-storage"

  validation {
    condition     = contains(["azure-storage", "durable-task-scheduler"], var.durable_backend)
    error_message = "durable_backend must be azure-storage or durable-task-scheduler."
  }
}

variable "durable_task_scheduler_sku" {
  description = "Durable Task Scheduler SKU when durable_backend is durable-task-scheduler: Consumption (pay per action) or Dedicated (capacity units)."
  type        = string
  default     = "Consumption"

  validation {
    condition     = contains(["Consumption", "Dedicated"], var.durable_task_scheduler_sku)
    error_message = "durable_task_scheduler_sku must be Consumption or Dedicated."
  }
}

variable "durable_task_scheduler_ip_allow_list" {
  description = "Addresses (IPv4/IPv6/CIDR) allowed to reach the scheduler. An empty list denies all traffic, so at least one entry is required; Flex Consumption has no fixed outbound address without VNet integration."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.durable_task_scheduler_ip_allow_list) > 0
    error_message = "durable_task_scheduler_ip_allow_list needs at least one entry (an empty list denies all traffic)."
  }
}

variable "foreign_route_table_action" {
  description = "FOREIGN_ROUTE_TABLE_ACTION: repair-in-place, report or swap for a non-compliant route table the guard does not own. Unless report, the custom role gets routeTables/write and routeTables/routes/write (repair in place; swap still repairs kubenet tables in place)."
  type        = string
  default     = "repair-in-place"

  validation {
    condition     = contains(["repair-in-place", "report", "swap"], var.foreign_route_table_action)
    error_message = "foreign_route_table_action must be repair-in-place, report or swap."
  }
}

variable "fight_limit" {
  description = "FIGHT_LIMIT: repairs of the same property within FIGHT_WINDOW before the guard stops writing it (contested)."
  type        = number
  default     = 3
}

variable "fight_window" {
  description = "FIGHT_WINDOW: ISO 8601 duration in which FIGHT_LIMIT counts repairs."
  type        = string
  default     = "PT1H"
}

variable "rule_request_sweep_schedule" {
  description = "RULE_REQUEST_SWEEP_SCHEDULE: six-field NCRONTAB of the rule request sweep (repairs requests whose orchestration is missing or never got its decision)."
  type        = string
  default     = "0 */5 * * * *"
}
