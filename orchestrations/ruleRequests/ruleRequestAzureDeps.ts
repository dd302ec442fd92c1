import { RuleRequestStore } from '../../shared/azure/tables/ruleRequestStore';
import { createFirewallPolicyAdapter, resolveFirewallPolicyId, type FirewallPolicyAdapter } from '../../shared/azure/firewallPolicy';
import { tableNames, type AppServices } from '../../shared/runtime/appServices';

/** What the rule request feature needs from Azure (its table store, the firewall policy adapter, the target policy id), built once per process on top of the shared app services. */
export interface RuleRequestAzureDeps {
  store(): Promise<RuleRequestStore>;
  readonly policies: FirewallPolicyAdapter;
  /** The policy receiving approved rules (resolved once per process). */
  policyId(): Promise<string>;
}

let cached: { services: AppServices; rules: RuleRequestAzureDeps } | undefined;

export function ruleRequestAzureDeps(services: AppServices): RuleRequestAzureDeps {
  if (cached?.services === services) return cached.rules;
  let store: Promise<RuleRequestStore> | undefined;
  let policyId: Promise<string> | undefined;
  let policies: FirewallPolicyAdapter | undefined;
  const rules: RuleRequestAzureDeps = {
    store() {
      store ??= (async () => {
        const created = new RuleRequestStore(services.table(tableNames.ruleRequests));
        await created.ensureTable();
        return created;
      })().catch((error: unknown) => {
        store = undefined; // a failed start (storage not up yet) is retried on the next call
        throw error;
      });
      return store;
    },
    get policies() {
      policies ??= createFirewallPolicyAdapter(services.arm);
      return policies;
    },
    policyId() {
      policyId ??= resolveFirewallPolicyId(services.arm, services.settings).catch((error: unknown) => {
        policyId = undefined;
        throw error;
      });
      return policyId;
    },
  };
  cached = { services, rules };
  return rules;
}
