export interface RequestStatsSnapshot {
  total: number;
  byMethod: Record<string, number>;
  byResourceType: Record<string, number>;
  /** "PUT Microsoft.Network/virtualNetworks/subnets" -> count. */
  byMethodAndResourceType: Record<string, number>;
  /**
   * Writes and deletes ARM accepted (each one's Event Grid event), by the caller's object id and operation name
   * ("Microsoft.Network/virtualNetworks/write" -> count): who changed what, refused requests (412, 429, 403) not counted.
   */
  acceptedByPrincipal: Record<string, Record<string, number>>;
}

/** Counts ARM requests (admin calls excluded) so tests can check how many writes a run cost. */
export class RequestStats {
  private snapshot: RequestStatsSnapshot = emptyStats();

  record(method: string, resourceType: string): void {
    const upper = method.toUpperCase();
    const s = this.snapshot;
    s.total += 1;
    s.byMethod[upper] = (s.byMethod[upper] ?? 0) + 1;
    s.byResourceType[resourceType] = (s.byResourceType[resourceType] ?? 0) + 1;
    const both = `${upper} ${resourceType}`;
    s.byMethodAndResourceType[both] = (s.byMethodAndResourceType[both] ?? 0) + 1;
  }

  /** One accepted write or delete, as its event names it. */
  recordAccepted(principalId: string, operationName: string): void {
    const byOperation = (this.snapshot.acceptedByPrincipal[principalId.toLowerCase()] ??= {});
    byOperation[operationName] = (byOperation[operationName] ?? 0) + 1;
  }

  get(): RequestStatsSnapshot {
    return structuredClone(this.snapshot);
  }

  reset(): void {
    this.snapshot = emptyStats();
  }
}

function emptyStats(): RequestStatsSnapshot {
  return { total: 0, byMethod: {}, byResourceType: {}, byMethodAndResourceType: {}, acceptedByPrincipal: {} };
}
