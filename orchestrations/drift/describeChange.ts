import type { AppliedWrite } from '../../shared/core/drift/reconcileSubnet';
import type { JsonObject, JsonValue } from '../../shared/core/drift/armJson';

const at = (value: JsonValue | undefined, ...path: string[]): JsonValue | undefined =>
  path.reduce<JsonValue | undefined>((node, key) => (node && typeof node === 'object' && !Array.isArray(node) ? (node as JsonObject)[key] : undefined), value);

const nameOf = (id: JsonValue | undefined) => (typeof id === 'string' ? id.split('/').pop() ?? id : 'none');

const route = (body: JsonObject | undefined) =>
  body ? `${String(at(body, 'properties', 'addressPrefix') ?? '?')} -> ${String(at(body, 'properties', 'nextHopType') ?? '?')} ${String(at(body, 'properties', 'nextHopIpAddress') ?? '')}`.trim() : 'none';

/** One line of "what changed" (before -> after) for the drift card, per write. */
export function describeChange({ write, before, after, combined }: AppliedWrite): { what: string; before: string; after: string } {
  const resource = nameOf(write.resourceId);
  const siblings = combined ? combined.subnets - 1 : 0;
  const afterBody = after ?? ('body' in write ? write.body : undefined);
  switch (write.kind) {
    case 'subnet-put':
      return {
        what: `route table of subnet ${resource}${combined ? ` (one write to VNet ${nameOf(combined.vnetId)} with ${siblings} sibling subnet${siblings === 1 ? '' : 's'})` : ''}`,
        before: nameOf(at(before, 'properties', 'routeTable', 'id')),
        after: nameOf(at(afterBody, 'properties', 'routeTable', 'id')),
      };
    case 'vnet-put':
      return {
        what: `DNS servers of VNet ${resource}`,
        before: JSON.stringify(at(before, 'properties', 'dhcpOptions', 'dnsServers') ?? []),
        after: JSON.stringify(at(afterBody, 'properties', 'dhcpOptions', 'dnsServers') ?? []),
      };
    case 'route-put':
      return { what: `route ${resource}`, before: route(before), after: route(afterBody) };
    case 'route-delete':
      return { what: `bypass route ${resource}`, before: route(before), after: 'deleted' };
    case 'route-table-create':
      return { what: `route table ${resource}`, before: 'none', after: 'created with the firewall routes' };
    case 'route-table-update':
      return { what: `route table ${resource}`, before: `BGP propagation ${at(before, 'properties', 'disableBgpRoutePropagation') === true ? 'off' : 'on'}`, after: 'BGP propagation off' };
  }
}
