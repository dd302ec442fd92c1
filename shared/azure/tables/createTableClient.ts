import type { TableClient } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';

/** How to reach Table storage: a connection string (Azurite, keys) or an account name with an Entra credential. */
export type TableConnection =
  | { readonly connectionString: string }
  | { readonly accountName: string; readonly credential: TokenCredential; readonly endpoint?: string };

/**
 * One TableClient for one table. Plain-http endpoints (Azurite on 127.0.0.1) need allowInsecureConnection, which
 * the SDK refuses by default; anything else keeps the default.
 */
export function createTableClient(connection: TableConnection, tableName: string): TableClient {
  // Loaded on first use: the Tables SDK costs ~0.1 s of cold start that functions without state should not pay.
  const { TableClient } = require('@azure/data-tables') as typeof import('@azure/data-tables');
  if ('connectionString' in connection) {
    const insecure = /(?:^|;)\s*(?:TableEndpoint=http:|DefaultEndpointsProtocol=http;|UseDevelopmentStorage=true)/i.test(connection.connectionString);
    return TableClient.fromConnectionString(connection.connectionString, tableName, { allowInsecureConnection: insecure });
  }
  const endpoint = connection.endpoint ?? `https://${connection.accountName}.table.core.windows.net`;
  return new TableClient(endpoint, tableName, connection.credential);
}
