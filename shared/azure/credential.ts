import type { TokenCredential } from './arm/armClients';
import type { Settings } from '../config/settings';

/**
 * The one credential every SDK client uses. DefaultAzureCredential: managed identity in Azure (AZURE_CLIENT_ID picks
 * the user-assigned one), your Azure CLI login under Core Tools, and in the sandbox the App Service managed identity
 * endpoint the sandbox serves (IDENTITY_ENDPOINT/IDENTITY_HEADER): the same code path everywhere.
 */
export function createCredential(settings: Pick<Settings, 'managedIdentityClientId'>): TokenCredential {
  const { DefaultAzureCredential } = require('@azure/identity') as typeof import('@azure/identity');
  return settings.managedIdentityClientId
    ? new DefaultAzureCredential({ managedIdentityClientId: settings.managedIdentityClientId })
    : new DefaultAzureCredential();
}
