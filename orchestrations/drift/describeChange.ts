import type { AppliedWrite } from '../../shared/core/drift/reconcileVnet';
import type { JsonObject, JsonValue } from '../../shared/azure/arm/armJson';
import { subnetIn } from '../../shared/core/drift/decide';

export interface ChangeLine {
  readonly what: string;
  readonly before: string;
  readonly after: string;
}

const at = (value: JsonValue | undefined, ...path: string[]): JsonValue | undefined =>
  path.reduce<JsonValue | undefined>((node, key) => (node && typeof node === 'object' && !Array.isArray(node) ? (node as JsonObject)[key] : undefined), value);

const nameOf = (id: JsonValue | undefined) => (typeof id === 'string' ? id.split('/').pop() ?? id : 'none');

const route = (body: JsonObject | undefined) =>
  body ? `${String(at(body, 'properties', 'addressPrefix') ?? '?')} -> ${String(at(body, 'properties', 'nextHopType') ?? '?')} ${String(at(body, 'properties', 'nextHopIpAddress') ?? '')}`.trim() : 'none';

const dnsOf = (vnet: JsonObject | undefined) => JSON.stringify(at(vnet, 'properties', 'dhcpOptions', 'dnsServers') ?? []);

/** The lines of "what changed" (before -> after) one applied write means for one subnet's card. */
export function describeChange({ write, before, after, subnetIds }: AppliedWrite, subnetId: string = subnetIds[0] ?? ''): ChangeLine[] {
  const resource = nameOf(write.resourceId);
  const afterBody = after ?? ('body' in write ? write.body : undefined);
  switch (write.kind) {
    case 'subnet-put':
      return [{ what: `route table of subnet ${resource}`, before: nameOf(at(before, 'properties', 'routeTable', 'id')), after: nameOf(at(afterBody, 'properties', 'routeTable', 'id')) }];
    case 'vnet-put': {
      const lines: ChangeLine[] = [];
      const sent = 'body' in write ? write.body : undefined;
      const subnetBefore = subnetIn(before, subnetId);
      const subnetSent = subnetIn(sent, subnetId);
      const tableBefore = nameOf(at(subnetBefore, 'properties', 'routeTable', 'id'));
      const tableSent = nameOf(at(subnetSent, 'properties', 'routeTable', 'id'));
      if (subnetSent !== undefined && tableBefore !== tableSent) {
        const associated = (Array.isArray(at(sent, 'properties', 'subnets')) ? (at(sent, 'properties', 'subnets') as JsonObject[]) : []).filter(
          (candidate) => nameOf(at(subnetIn(before, String(candidate.id)), 'properties', 'routeTable', 'id')) !== nameOf(at(candidate, 'properties', 'routeTable', 'id')),
        ).length;
        const siblings = associated - 1;
        lines.push({
          what: `route table of subnet ${nameOf(subnetId)}${siblings > 0 ? ` (one write to VNet ${resource} with ${siblings} sibling subnet${siblings === 1 ? '' : 's'})` : ''}`,
          before: tableBefore,
          after: nameOf(at(subnetIn(afterBody, subnetId) ?? subnetSent, 'properties', 'routeTable', 'id')),
        });
      }
      if (dnsOf(before) !== dnsOf(sent)) lines.push({ what: `DNS servers of VNet ${resource}`, before: dnsOf(before), after: dnsOf(afterBody) });
      return lines;
    }
    case 'route-put':
      return [{ what: `route ${resource} in table ${nameOf(write.resourceId.replace(/\/routes\/[^/]+$/, ''))}`, before: route(before), after: route(afterBody) }];
    case 'route-delete':
      return [{ what: `bypass route ${resource}`, before: route(before), after: 'deleted' }];
    case 'route-table-create':
      return [{ what: `route table ${resource}`, before: 'none', after: 'created with the firewall routes' }];
    case 'route-table-update':
      return [{ what: `route table ${resource}`, before: `BGP propagation ${at(before, 'properties', 'disableBgpRoutePropagation') === true ? 'off' : 'on'}`, after: 'BGP propagation off' }];
  }
}

/** Whether the write changed the VNet's DNS servers (nodes need a reboot to see it). */
export function changesDns({ write, before }: AppliedWrite): boolean {
  return write.kind === 'vnet-put' && dnsOf(before) !== dnsOf(write.body);
}
