terraform {
  required_version = ">= 1.9.0"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.30"
    }
    azuread = {
      source  = "hashicorp/azuread"
      version = "~> 3.4"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.7"
    }
    # Durable Task Scheduler resources (durable_backend = "durable-task-scheduler"): not in a released azurerm yet.
    azapi = {
      source  = "Azure/azapi"
      version = "~> 2.4"
    }
  }
}
