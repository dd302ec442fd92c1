export interface RequestStatsSnapshot {
  total: number;
  byMethod: Record<string, number>;
  byResourceType: Record<string, number>;
  /** "PUT Microsoft.Network/virtualNetworks/subnets" -> count. */
  byMethodAndResourceType: Record<string, number>;
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

  get(): RequestStatsSnapshot {
    return structuredClone(this.snapshot);
  }

  reset(): void {
    this.snapshot = emptyStats();
  }
}

function emptyStats(): RequestStatsSnapshot {
  return { total: 0, byMethod: {}, byResourceType: {}, byMethodAndResourceType: {} };
}
