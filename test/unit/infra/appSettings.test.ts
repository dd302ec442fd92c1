import { settingDefinitions } from '../../../shared/config/settingDefinitions';
import { filesUnder, loadTerraformFiles, localValue, stringList, type TerraformFile } from './terraformFiles';

let moduleFiles: TerraformFile[];

beforeAll(async () => {
  moduleFiles = filesUnder(await loadTerraformFiles(), 'infra/modules/egress-guard');
});

const settingNames: string[] = Object.values(settingDefinitions).map((definition) => definition.name);

describe('Function App settings', () => {
  it('set every setting the product reads, or name it as provided by the platform', () => {
    const productSettings = localValue(moduleFiles, 'product_settings') as Record<string, unknown>;
    const platformProvided = stringList(localValue(moduleFiles, 'platform_provided_settings'), 'platform_provided_settings');

    const unset = settingNames.filter((name) => !(name in productSettings) && !platformProvided.includes(name));

    expect(unset).toEqual([]);
  });

  it('set nothing under a name the product does not read', () => {
    const productSettings = localValue(moduleFiles, 'product_settings') as Record<string, unknown>;
    // Identity-based storage splits AzureWebJobsStorage into __-suffixed keys the Functions host reads.
    const hostStorageKeys = ['AzureWebJobsStorage__credential', 'AzureWebJobsStorage__clientId'];

    expect(Object.keys(productSettings).filter((name) => !settingNames.includes(name) && !hostStorageKeys.includes(name))).toEqual([]);
  });

  it('reference the Teams webhook from Key Vault instead of holding it', () => {
    const productSettings = localValue(moduleFiles, 'product_settings') as Record<string, unknown>;

    expect(String(productSettings.TEAMS_WEBHOOK_URL)).toContain('@Microsoft.KeyVault(SecretUri=${azurerm_key_vault_secret.teams_webhook[0].versionless_id})');
  });
});
