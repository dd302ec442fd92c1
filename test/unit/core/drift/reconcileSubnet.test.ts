import { reconcileSubnet, type DriftNetworkPort } from '../../../../shared/core/drift/reconcileSubnet';
import type { ObservedSubnet } from '../../../../shared/core/drift/types';
import { armRouteTable, compliant, policy } from './fixtures';

const drifted = compliant({ ownedRouteTable: armRouteTable({ routes: [] }) });
const port = (observed: ObservedSubnet | undefined, apply: DriftNetworkPort['apply']): DriftNetworkPort => ({
  observeSubnet: async () => ({ observed, armReads: 1 }),
  apply,
});

describe('reconcileSubnet', () => {
  it.each([
    { label: 'a permanent 403 fails once with the reason', status: 403, code: 'AuthorizationFailed', failure: 'arm-forbidden', writesTried: 1 },
    { label: 'endless 412s give up after maxConflicts', status: 412, code: 'PreconditionFailed', failure: 'concurrent-modification', writesTried: 3 },
  ])('$label', async ({ status, code, failure, writesTried }) => {
    let tried = 0;
    const result = await reconcileSubnet('s', {
      policy,
      maxConflicts: 2,
      network: port(drifted, async () => {
        tried += 1;
        throw Object.assign(new Error('no'), { statusCode: status, code });
      }),
    });
    expect(result).toMatchObject({ outcome: 'failed', failure: { code: failure } });
    expect(tried).toBe(writesTried);
  });

  it('writes nothing past the change budget', async () => {
    const apply = jest.fn();
    const result = await reconcileSubnet('s', { policy, writeBudget: 0, network: port(drifted, apply) });
    expect(result).toMatchObject({ outcome: 'audit-only', failure: { code: 'change-budget-exhausted' } });
    expect(apply).not.toHaveBeenCalled();
  });

  it('a subnet that keeps drifting back is reported as not converging', async () => {
    const result = await reconcileSubnet('s', { policy, maxRounds: 3, network: port(drifted, async () => undefined) });
    expect(result).toMatchObject({ outcome: 'failed', failure: { code: 'not-converging' }, counters: { rounds: 3, armWrites: 3 } });
  });

  it('a deleted subnet is nothing to guard', async () => {
    expect(await reconcileSubnet('s', { policy, network: port(undefined, jest.fn()) })).toMatchObject({ outcome: 'compliant', subnetGone: true });
  });
});
