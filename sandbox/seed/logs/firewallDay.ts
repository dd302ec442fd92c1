/**
 * A realistic day of Azure Firewall logs for the seeded hub-and-spoke (fw-hub, AKS subnet 10.42.1.0/24), generated
 * deterministically (fixed PRNG seed) relative to a given end time.
 *
 * Anchoring: nothing is stored with absolute times. generateFirewallDay(endAt) places every row in
 * [endAt - 24 h, endAt), so loading with endAt = now makes "the last 24 hours" contain the whole day, whenever the
 * sandbox starts. Same endAt, same rows.
 */
import type { LogRow } from '../../emulators/logs/evaluators';

export const seedFirewallId =
  '/subscriptions/8f3a1c2e-5b7d-4e9a-9c1f-2d6b8e4a7c10/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/fw-hub';
const resourceId = seedFirewallId.toLowerCase();
const nodeIps = Array.from({ length: 27 }, (_, i) => `10.42.1.${i + 4}`); // 10.42.1.4 - 10.42.1.30

/** Application traffic: denied FQDNs have no allow rule; requests per hour at the day's busiest. */
const applicationTraffic = [
  { fqdn: 'mcr.microsoft.com', action: 'Allow', perHour: 12, port: 443 },
  { fqdn: 'management.azure.com', action: 'Allow', perHour: 8, port: 443 },
  { fqdn: 'login.microsoftonline.com', action: 'Allow', perHour: 6, port: 443 },
  { fqdn: 'packages.aks.azure.com', action: 'Allow', perHour: 4, port: 443 },
  { fqdn: 'registry.npmjs.org', action: 'Deny', perHour: 14, port: 443 },
  { fqdn: 'ghcr.io', action: 'Deny', perHour: 8, port: 443 },
  { fqdn: 'api.github.com', action: 'Deny', perHour: 5, port: 443 },
  { fqdn: 'pypi.org', action: 'Deny', perHour: 4, port: 443 },
  { fqdn: 'files.pythonhosted.org', action: 'Deny', perHour: 3, port: 443 },
  { fqdn: 'deb.debian.org', action: 'Deny', perHour: 2, port: 80 },
] as const;

/** Network-rule denies: connections by IP, each preceded by the DNS lookup the DNS proxy logged. */
const networkDenies = [
  { name: 'github.com', ip: '140.82.112.3', port: 22, protocol: 'TCP', perHour: 3 },
  { name: 'ntp.ubuntu.com', ip: '185.125.190.58', port: 123, protocol: 'UDP', perHour: 2 },
  { name: 'smtp.example.net', ip: '203.0.113.25', port: 25, protocol: 'TCP', perHour: 1 },
] as const;

export interface FirewallDay {
  readonly AZFWApplicationRule: LogRow[];
  readonly AZFWNetworkRule: LogRow[];
  readonly AZFWDnsQuery: LogRow[];
  readonly AZFWFatFlow: LogRow[];
  readonly AzureMetrics: LogRow[];
}

export function generateFirewallDay(endAt: Date): FirewallDay {
  const random = mulberry32(0x42_1_0_24);
  const end = Math.floor(endAt.getTime() / 60_000) * 60_000;
  const start = end - 24 * 3600_000;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const iso = (time: number) => new Date(time).toISOString();
  // Working hours are busier: a smooth daily curve between 0.3 and 1.
  const load = (time: number) => 0.65 - 0.35 * Math.cos((((time - start) / 3600_000) / 24) * 2 * Math.PI);
  const day: FirewallDay = { AZFWApplicationRule: [], AZFWNetworkRule: [], AZFWDnsQuery: [], AZFWFatFlow: [], AzureMetrics: [] };

  const lookup = (time: number, sourceIp: string, name: string) =>
    day.AZFWDnsQuery.push({
      TimeGenerated: iso(time), SourceIp: sourceIp, QueryName: `${name}.`, QueryType: 'A', Protocol: 'UDP', ResponseCode: 'NOERROR',
      _ResourceId: resourceId,
    });

  for (let hour = start; hour < end; hour += 3600_000) {
    for (const traffic of applicationTraffic) {
      const count = Math.round(traffic.perHour * load(hour));
      for (let i = 0; i < count; i++) {
        const time = hour + Math.floor(random() * 3600_000);
        const sourceIp = pick(nodeIps);
        lookup(time - 500, sourceIp, traffic.fqdn);
        const denied = traffic.action === 'Deny';
        day.AZFWApplicationRule.push({
          TimeGenerated: iso(time), Action: traffic.action, ActionReason: denied ? 'Default Action' : '', Fqdn: traffic.fqdn,
          TargetUrl: traffic.port === 80 ? `http://${traffic.fqdn}/debian/dists/bookworm/InRelease` : '', Protocol: traffic.port === 80 ? 'HTTP' : 'HTTPS',
          SourceIp: sourceIp, SourcePort: 30000 + Math.floor(random() * 30000), DestinationPort: traffic.port,
          RuleCollection: denied ? '' : 'aks-required', Rule: denied ? '' : 'aks-fqdns', WebCategory: '', _ResourceId: resourceId,
        });
      }
    }
    for (const deny of networkDenies) {
      const count = Math.round(deny.perHour * load(hour));
      for (let i = 0; i < count; i++) {
        const time = hour + Math.floor(random() * 3600_000);
        const sourceIp = pick(nodeIps);
        lookup(time - 2000, sourceIp, deny.name);
        day.AZFWNetworkRule.push({
          TimeGenerated: iso(time), Action: 'Deny', ActionReason: 'Default Action', SourceIp: sourceIp, SourcePort: 30000 + Math.floor(random() * 30000),
          DestinationIp: deny.ip, DestinationPort: deny.port, Protocol: deny.protocol, Policy: 'afwp-hub', RuleCollectionGroup: '', RuleCollection: '', Rule: '',
          _ResourceId: resourceId,
        });
      }
    }
    day.AZFWFatFlow.push({
      TimeGenerated: iso(hour + 1800_000), SourceIp: pick(nodeIps), SourcePort: 44000, DestinationIp: '20.150.10.4', DestinationPort: 443,
      Protocol: 'TCP', FlowRate: Math.round((50 + 150 * load(hour)) * 10) / 10, _ResourceId: resourceId,
    });
  }

  // SNAT utilisation rising over the day from ~35% to a peak near 88% in the last hours. Every 5 minutes rather
  // than every minute (as Azure exports PT1M) keeps the seed small; hourly max/avg come out the same shape.
  for (let minute = start; minute < end; minute += 5 * 60_000) {
    const progress = (minute - start) / (end - start);
    const average = 30 + 50 * progress ** 2 + 4 * random();
    day.AzureMetrics.push({
      TimeGenerated: iso(minute), MetricName: 'SNATPortUtilization', ResourceId: seedFirewallId.toUpperCase(), ResourceProvider: 'MICROSOFT.NETWORK',
      UnitName: 'Percent', TimeGrain: 'PT1M',
      Average: round(average), Maximum: round(Math.min(100, average + 4 * random())), Minimum: round(average - 3), Total: round(average), Count: 1,
    });
  }
  return day;
}

/** Loads a generated day ending at `now` into the emulator (or anything with loadRows). */
export function seedFirewallLogs(target: { loadRows(table: string, rows: readonly LogRow[]): void }, now: Date = new Date()): FirewallDay {
  const day = generateFirewallDay(now);
  for (const [table, rows] of Object.entries(day)) target.loadRows(table, rows);
  return day;
}

const round = (value: number) => Math.round(value * 10) / 10;

/** Small deterministic PRNG (public-domain mulberry32), so the seed is the same on every run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
