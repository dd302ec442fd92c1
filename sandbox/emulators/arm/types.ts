/** Shapes shared by the ARM emulator's modules. */

export type JsonObject = Record<string, unknown>;

/** An ARM resource exactly as ARM returns it; members the emulator does not model travel along untouched. */
export interface ArmResource {
  id: string;
  name: string;
  type: string;
  location?: string;
  tags?: Record<string, string>;
  etag?: string;
  properties?: JsonObject;
  [member: string]: unknown;
}

export interface ArmErrorBody {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorBody[];
}

/** Event Grid schema of an ARM resource event (Microsoft.Resources.ResourceWriteSuccess / ResourceDeleteSuccess). */
export interface ArmResourceEvent {
  id: string;
  topic: string;
  subject: string;
  eventType: 'Microsoft.Resources.ResourceWriteSuccess' | 'Microsoft.Resources.ResourceDeleteSuccess';
  eventTime: string;
  dataVersion: '2';
  metadataVersion: '1';
  data: ArmResourceEventData;
}

export interface ArmResourceEventData {
  authorization: { scope: string; action: string; evidence: Record<string, string> };
  claims: Record<string, string>;
  correlationId: string;
  httpRequest: { clientRequestId: string; clientIpAddress: string; method: string; url: string };
  resourceProvider: string;
  resourceUri: string;
  operationName: string;
  status: 'Succeeded';
  subscriptionId: string;
  tenantId: string;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
