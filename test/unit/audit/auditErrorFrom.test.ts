import { auditErrorFrom } from '../../../shared/audit/auditErrorFrom';
import { AuditError } from '../../../shared/audit/auditErrors';

const subscription = '11111111-2222-4333-8444-555555555555';
const restError = (statusCode: number, code: string, message: string) => Object.assign(new Error(message), { name: 'RestError', statusCode, code });

describe('auditErrorFrom', () => {
  it.each([
    {
      label: 'a 403 on a subscription',
      error: restError(403, 'AuthorizationFailed', "The client 'me' does not have authorization to perform action 'Microsoft.Network/virtualNetworks/read'.\nMore text"),
      action: `list the network of subscription ${subscription}`,
      code: 'no-access-to-subscription',
      message: `no access to subscription ${subscription}: AuthorizationFailed: The client 'me' does not have authorization to perform action 'Microsoft.Network/virtualNetworks/read'.`,
    },
    {
      label: 'SubscriptionNotFound',
      error: restError(404, 'SubscriptionNotFound', `The subscription '${subscription}' could not be found.`),
      action: `read subscription ${subscription}`,
      code: 'no-access-to-subscription',
      message: `no access to subscription ${subscription}: SubscriptionNotFound: The subscription '${subscription}' could not be found.`,
    },
    {
      label: 'no credential',
      error: Object.assign(new Error('DefaultAzureCredential failed to retrieve a token from the included credentials.\nAttempted credentials:\n\tEnvironmentCredential...'), { name: 'AggregateAuthenticationError' }),
      action: 'list subscriptions',
      code: 'credential-unavailable',
      message: 'no Azure credential: DefaultAzureCredential failed to retrieve a token from the included credentials. (run az login, or set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET or a managed identity)',
    },
    {
      label: 'ARM out of reach',
      error: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { name: 'RestError', code: 'REQUEST_SEND_ERROR' }),
      action: 'list subscriptions',
      code: 'arm-unreachable',
      message: 'could not list subscriptions: connect ECONNREFUSED 127.0.0.1:1',
    },
    {
      label: 'a throttled list',
      error: restError(429, 'SubscriptionRequestsThrottled', 'Number of requests for subscription exceeded the limit.'),
      action: 'read the firewalls',
      code: 'arm-error',
      message: 'could not read the firewalls: 429 SubscriptionRequestsThrottled: Number of requests for subscription exceeded the limit.',
    },
  ])('names $label, on one line', ({ error, action, code, message }) => {
    const named = auditErrorFrom(error, action, action.includes(subscription) ? subscription : undefined);

    expect(named).toBeInstanceOf(AuditError);
    expect({ code: named.code, message: named.message }).toEqual({ code, message });
  });
});
