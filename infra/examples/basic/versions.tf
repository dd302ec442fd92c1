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

provider "azurerm" {
  features {}
  subscription_id = var.app_subscription_id
}

# Terraform cannot create providers in a loop, and a subscription's system topic must live in that subscription:
# one aliased provider and one events module per guarded subscription.
provider "azurerm" {
  alias = "spoke_a"
  features {}
  subscription_id = var.spoke_a_subscription_id
}

provider "azurerm" {
  alias = "spoke_b"
  features {}
  subscription_id = var.spoke_b_subscription_id
}

provider "azuread" {}

provider "azapi" {
  subscription_id = var.app_subscription_id
}
