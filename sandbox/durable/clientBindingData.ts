/** Base path of the Durable HTTP API, as the extension's webhook route (`/runtime/webhooks/durabletask`). */
export const durableApiBasePath = '/runtime/webhooks/durabletask';
/** The host-local RPC endpoint's base path (Azure: http://127.0.0.1:17071/durabletask/), what rpcBaseUrl points at. */
export const durableRpcBasePath = '/durabletask';

/**
 * The JSON the durable client input binding carries, so `df.getClient(context)` works unmodified.
 * `baseUrl` is the sandbox's origin, e.g. `http://127.0.0.1:7071`. `rpcBaseUrl` is what durable-functions 3.x uses
 * for every call; the templated URLs serve createCheckStatusResponse and older clients.
 *
 * NOTE: durable-functions rewrites the templated URLs' origin to http://localhost:7071 unless WEBSITE_HOSTNAME is
 * set (getClient.correctClientData); the sandbox should set WEBSITE_HOSTNAME to its host:port.
 */
export function clientBindingData(baseUrl: string, taskHubName: string, systemKey?: string): Record<string, unknown> {
  const webhookBase = `${baseUrl.replace(/\/$/, '')}${durableApiBasePath}`;
  // As in Azure, the templated (public webhook) URLs carry the durabletask_extension system key as `code`.
  const query = `taskHub=${encodeURIComponent(taskHubName)}&connection=Storage${systemKey ? `&code=${encodeURIComponent(systemKey)}` : ''}`;
  const instance = `${webhookBase}/instances/INSTANCEID`;
  return {
    taskHubName,
    creationUrls: {
      createNewInstancePostUri: `${webhookBase}/orchestrators/{functionName}[/{instanceId}]?${query}`,
      createAndWaitOnNewInstancePostUri: `${webhookBase}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${query}`,
    },
    managementUrls: {
      id: 'INSTANCEID',
      statusQueryGetUri: `${instance}?${query}`,
      sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
      terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
      rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
      purgeHistoryDeleteUri: `${instance}?${query}`,
      restartPostUri: `${instance}/restart?${query}`,
      suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
      resumePostUri: `${instance}/resume?reason={text}&${query}`,
    },
    baseUrl: webhookBase,
    requiredQueryStringParameters: query,
    rpcBaseUrl: systemKey ? `${baseUrl.replace(/\/$/, '')}${durableRpcBasePath}/` : `${webhookBase}/`,
    httpBaseUrl: '',
  };
}
