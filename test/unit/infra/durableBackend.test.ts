import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactExpression, filesUnder, loadTerraformFiles, localValue, projectRoot, resourceBlocks, variableBlocks, type TerraformFile } from './terraformFiles';

let moduleFiles: TerraformFile[];
let exampleFiles: TerraformFile[];

beforeAll(async () => {
  const files = await loadTerraformFiles();
  moduleFiles = filesUnder(files, 'infra/modules/egress-guard');
  exampleFiles = filesUnder(files, 'infra/examples/basic');
});

const hostJson = JSON.parse(readFileSync(join(projectRoot, 'host.json'), 'utf8')) as {
  extensionBundle: { version: string };
  extensions: { durableTask: { hubName: string; storageProvider?: Record<string, unknown> } };
};

const durableTaskResources = () => [...resourceBlocks(moduleFiles, 'azapi_resource'), ...resourceBlocks(moduleFiles, 'azurerm_role_assignment')].filter((block) => /durable_task/.test(block.name));
const backendSwitch = '${local.use_durable_task_scheduler?1:0}';

describe('durable_backend variable', () => {
  it('defaults to azure-storage and accepts exactly the two backends', () => {
    const [variable] = variableBlocks(moduleFiles).filter((block) => block.name === 'durable_backend');

    expect(variable?.body.default).toBe('azure-storage');
    expect(compactExpression(JSON.stringify(variable?.body.validation))).toContain('contains([\\"azure-storage\\",\\"durable-task-scheduler\\"],var.durable_backend)');
    expect(compactExpression(localValue(moduleFiles, 'use_durable_task_scheduler'))).toBe('${var.durable_backend=="durable-task-scheduler"}');
  });

  it('is passed through by the example', () => {
    const [example] = exampleFiles.flatMap((file) => Object.values((file.json.module ?? {}) as Record<string, Record<string, unknown>[]>).flat()).filter((body) => body.source === '../../modules/egress-guard');

    expect(example?.durable_backend).toBe('${var.durable_backend}');
  });
});

describe('azure-storage backend (the default)', () => {
  it('creates no Durable Task resource: each is counted by the backend switch, 0 for azure-storage', () => {
    const resources = durableTaskResources();

    expect(resources.map((block) => `${block.type}.${block.name}`).sort()).toEqual([
      'azapi_resource.durable_task_hub',
      'azapi_resource.durable_task_scheduler',
      'azurerm_role_assignment.app_durable_task_data',
    ]);
    expect(resources.map((block) => compactExpression(block.body.count))).toEqual(resources.map(() => backendSwitch));
  });

  it('adds no app setting, so host.json (Azure Storage on AzureWebJobsStorage) applies as shipped', () => {
    expect(compactExpression(localValue(moduleFiles, 'durable_backend_settings'))).toMatch(/^\$\{local\.use_durable_task_scheduler\?\{.*\}:\{\}\}$/);
    expect(hostJson.extensions.durableTask.storageProvider?.type).toBeUndefined();
  });
});

describe('durable-task-scheduler backend', () => {
  it('provisions a scheduler (SKU and IP allow list from variables) and a task hub named like host.json hubName', () => {
    const [scheduler] = resourceBlocks(moduleFiles, 'azapi_resource').filter((block) => block.name === 'durable_task_scheduler');
    const [hub] = resourceBlocks(moduleFiles, 'azapi_resource').filter((block) => block.name === 'durable_task_hub');

    expect(scheduler?.body.type).toBe('Microsoft.DurableTask/schedulers@2025-11-01');
    expect(compactExpression(JSON.stringify(scheduler?.body.body))).toContain('"sku":{"name":"${var.durable_task_scheduler_sku}"}');
    expect(compactExpression(JSON.stringify(scheduler?.body.body))).toContain('"ipAllowlist":"${var.durable_task_scheduler_ip_allow_list}"');
    expect(hub?.body.type).toBe('Microsoft.DurableTask/schedulers/taskHubs@2025-11-01');
    expect(hub?.body.parent_id).toBe('${azapi_resource.durable_task_scheduler[0].id}');
    expect(hub?.body.name).toBe('${local.durable_task_hub_name}');
    expect(localValue(moduleFiles, 'durable_task_hub_name')).toBe(hostJson.extensions.durableTask.hubName);
  });

  it("grants the app's identity Durable Task Data Contributor on the task hub only", () => {
    const [assignment] = resourceBlocks(moduleFiles, 'azurerm_role_assignment').filter((block) => block.name === 'app_durable_task_data');

    expect(assignment?.body).toMatchObject({
      scope: '${azapi_resource.durable_task_hub[0].id}',
      role_definition_name: 'Durable Task Data Contributor',
      principal_id: '${azurerm_user_assigned_identity.app.principal_id}',
    });
  });

  it('switches the storage provider to azureManaged with an identity-based connection string setting', () => {
    const settings = compactExpression(localValue(moduleFiles, 'durable_backend_settings'));

    expect(settings).toContain('AzureFunctionsJobHost__extensions__durableTask__storageProvider__type="azureManaged"');
    expect(settings).toContain('AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName=local.durable_task_scheduler_connection_setting');
    expect(localValue(moduleFiles, 'durable_task_scheduler_connection_setting')).toBe('DURABLE_TASK_SCHEDULER_CONNECTION_STRING');
    expect(settings).toContain(
      'DURABLE_TASK_SCHEDULER_CONNECTION_STRING="Endpoint=${azapi_resource.durable_task_scheduler[0].output.properties.endpoint};Authentication=ManagedIdentity;ClientID=${azurerm_user_assigned_identity.app.client_id}"',
    );
    expect(compactExpression(localValue(moduleFiles, 'app_settings'))).toContain('merge(local.product_settings,local.platform_settings,local.durable_backend_settings)');
  });

  it('runs on an extension bundle that has the azureManaged provider (4.32 or later)', () => {
    const lowest = /^\[(\d+)\.(\d+)/.exec(hostJson.extensionBundle.version);

    expect(lowest).not.toBeNull();
    expect(Number(lowest![1]) * 1000 + Number(lowest![2])).toBeGreaterThanOrEqual(4032);
  });
});
