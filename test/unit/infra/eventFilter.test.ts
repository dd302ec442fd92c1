import { handledEventOperations, handledEventTypes } from '../../../shared/azure/permissions';
import { actionListDrift, noDrift } from './actionListDrift';
import {
  filesUnder,
  loadTerraformFiles,
  localValue,
  nestedBlock,
  resourceBlocks,
  stringList,
  variableBlocks,
  type HclBody,
  type TerraformFile,
} from './terraformFiles';

let eventFiles: TerraformFile[];
let appFiles: TerraformFile[];
let subscription: HclBody;

beforeAll(async () => {
  const files = await loadTerraformFiles();
  eventFiles = filesUnder(files, 'infra/modules/guarded-subscription-events');
  appFiles = filesUnder(files, 'infra/modules/egress-guard');
  const [block] = resourceBlocks(eventFiles, 'azurerm_eventgrid_system_topic_event_subscription');
  if (!block) throw new Error('no azurerm_eventgrid_system_topic_event_subscription in the events module');
  subscription = block.body;
});

describe('drift event subscription', () => {
  it('filters data.operationName on exactly the operations the drift trigger handles', () => {
    const stringIn = nestedBlock(nestedBlock(subscription, 'advanced_filter'), 'string_in');
    const declared = stringList(localValue(eventFiles, 'handled_event_operations'), 'local.handled_event_operations');

    expect(stringIn.key).toBe('data.operationName');
    expect(stringIn.values).toBe('${local.handled_event_operations}');
    expect(actionListDrift(handledEventOperations, declared)).toEqual(noDrift);
  });

  it('fails the comparison when the trigger starts handling an operation the filter lacks', () => {
    const declared = stringList(localValue(eventFiles, 'handled_event_operations'), 'local.handled_event_operations');
    const handledTomorrow = [...handledEventOperations, 'Microsoft.Network/networkSecurityGroups/write'];

    expect(actionListDrift(handledTomorrow, declared).missingInInfra).toEqual(['Microsoft.Network/networkSecurityGroups/write']);
  });

  it('stays within the Event Grid limit of 25 advanced filter values', () => {
    expect(handledEventOperations.length).toBeLessThanOrEqual(25);
  });

  it('takes only successful writes and deletes', () => {
    expect(subscription.included_event_types).toBe('${local.handled_event_types}');
    expect(actionListDrift(handledEventTypes, stringList(localValue(eventFiles, 'handled_event_types'), 'types'))).toEqual(noDrift);
  });

  it('delivers to the function named by the app module, with retries and a dead-letter container', () => {
    expect(nestedBlock(subscription, 'azure_function_endpoint').function_id).toBe('${var.drift_event_function_id}');
    expect(nestedBlock(subscription, 'retry_policy')).toEqual(
      expect.objectContaining({ max_delivery_attempts: expect.anything(), event_time_to_live: expect.anything() }),
    );
    expect(nestedBlock(subscription, 'storage_blob_dead_letter_destination')).toEqual({
      storage_account_id: '${var.dead_letter_storage_account_id}',
      storage_blob_container_name: '${var.dead_letter_container_name}',
    });
  });

  it('watches the whole subscription from a system topic in that subscription', () => {
    const [topic] = resourceBlocks(eventFiles, 'azurerm_eventgrid_system_topic');

    expect(topic?.body).toEqual(
      expect.objectContaining({
        topic_type: 'Microsoft.Resources.Subscriptions',
        location: 'Global',
        source_resource_id: '/subscriptions/${var.subscription_id}',
      }),
    );
  });

  it('targets the driftEvents function by default', () => {
    const [name] = variableBlocks(appFiles).filter((variable) => variable.name === 'drift_event_function_name');
    const [output] = (appFiles.flatMap((file) => Object.entries((file.json.output ?? {}) as Record<string, HclBody[]>))
      .filter(([outputName]) => outputName === 'drift_event_function_id')
      .map(([, bodies]) => bodies[0]));

    expect(name?.body.default).toBe('driftEvents');
    expect(String(output?.value)).toMatch(/\/functions\/\$\{var\.drift_event_function_name\}"?\}?$/);
  });
});
