# The Entra app registration the rule-request API validates tokens for. It declares the approver app role;
# assigning users or groups to it, and admin consent, are done by a tenant admin (docs/deploy.md).
resource "random_uuid" "approver_role_id" {}

resource "azuread_application" "api" {
  display_name            = "${var.name_prefix} egress guard rule requests"
  sign_in_audience        = "AzureADMyOrg"
  owners                  = var.entra_app_owners
  group_membership_claims = ["SecurityGroup"]

  api {
    requested_access_token_version = 2
  }

  app_role {
    allowed_member_types = ["User", "Application"]
    description          = "May approve or reject FQDN allow-rule requests."
    display_name         = "Egress guard approver"
    enabled              = true
    id                   = random_uuid.approver_role_id.result
    value                = var.approver_app_role
  }

  web {
    redirect_uris = ["https://${local.function_app_name}.azurewebsites.net/.auth/login/aad/callback"]

    implicit_grant {
      id_token_issuance_enabled = true
    }
  }
}

resource "azuread_application_identifier_uri" "api" {
  application_id = azuread_application.api.id
  identifier_uri = local.api_identifier_uri
}

resource "azuread_service_principal" "api" {
  client_id                    = azuread_application.api.client_id
  app_role_assignment_required = false
  owners                       = var.entra_app_owners
}

locals {
  api_identifier_uri = "api://${azuread_application.api.client_id}"
}
