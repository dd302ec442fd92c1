import { createWriteLanes } from '../../../shared/runtime/writeLanes';
import type { AssociationOffer, CombinedAssociation } from '../../../shared/core/drift/writeLanes';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('createWriteLanes', () => {
  it('runs holders of one family one after the other and tells the later ones they waited', async () => {
    const lanes = createWriteLanes();
    const timeline: string[] = [];
    const holder = (name: string) =>
      lanes.hold(['/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/VNET'], async (waited) => {
        timeline.push(`${name} in${waited ? ' (waited)' : ''}`);
        await tick();
        timeline.push(`${name} out`);
      });
    await Promise.all([holder('a'), holder('b')]);
    expect(timeline).toEqual(['a in', 'a out', 'b in (waited)', 'b out']);
  });

  it('folds case: one family whatever the spelling of its id', async () => {
    const lanes = createWriteLanes();
    const seen: boolean[] = [];
    await Promise.all(
      ['/x/VNET', '/x/vnet'].map((family) =>
        lanes.hold([family], async (waited) => {
          seen.push(waited);
          await tick();
        }),
      ),
    );
    expect(seen).toEqual([false, true]);
  });

  it('lets different families run at once', async () => {
    const lanes = createWriteLanes();
    let inside = 0;
    let most = 0;
    await Promise.all(
      ['vnet-1', 'vnet-2', 'table-1'].map((family) =>
        lanes.hold([family], async (waited) => {
          expect(waited).toBe(false);
          most = Math.max(most, (inside += 1));
          await tick();
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(3);
  });

  it('never deadlocks holders of the same families named in opposite order', async () => {
    const lanes = createWriteLanes();
    const done = await Promise.all([lanes.hold(['vnet', 'table'], async () => tick().then(() => 'first')), lanes.hold(['table', 'vnet'], async () => tick().then(() => 'second'))]);
    expect(done).toEqual(['first', 'second']);
  });

  it('frees the lane when the work throws', async () => {
    const lanes = createWriteLanes();
    await expect(lanes.hold(['vnet'], async () => Promise.reject(new Error('ARM said no')))).rejects.toThrow('ARM said no');
    await expect(lanes.hold(['vnet'], async (waited) => waited)).resolves.toBe(false);
  });
  describe('offers (a waiting subnet PUT a holder may send in its VNet PUT)', () => {
    const vnet = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet';
    const offer = (name: string): AssociationOffer => ({
      subnetId: `${vnet}/subnets/${name}`,
      write: { kind: 'subnet-put', resourceId: `${vnet}/subnets/${name}`, body: {}, ifMatch: undefined, before: {}, reason: 'test' },
    });
    const sent = (subnetId: string): CombinedAssociation => ({ vnetId: vnet, subnets: 2, sentBy: subnetId, before: {}, after: {} });

    it('with nobody holding the lane, the offerer simply writes', async () => {
      const lanes = createWriteLanes();
      await expect(lanes.holdOrHandOver([vnet], offer('a'), async (waited) => `wrote, waited=${waited}`)).resolves.toEqual({ held: 'wrote, waited=false' });
    });

    it('a holder that sends a waiting offer answers it: the offerer never runs its work, and the lane is free after', async () => {
      const lanes = createWriteLanes();
      const work = jest.fn(async () => 'wrote');
      let waiting: Promise<unknown> | undefined;
      await lanes.hold([vnet], async (_waited, offers) => {
        waiting = lanes.holdOrHandOver([vnet], offer('b'), work);
        await tick();
        const taken = offers.take(vnet.toUpperCase());
        expect(taken.map((entry) => entry.offer.subnetId)).toEqual([offer('b').subnetId]);
        taken[0]!.settle(sent(offer('a').subnetId));
      });
      await expect(waiting).resolves.toEqual({ handedOver: sent(offer('a').subnetId) });
      expect(work).not.toHaveBeenCalled();
      await expect(lanes.hold([vnet], async (waited) => waited)).resolves.toBe(false);
    });

    it.each([
      { label: 'not taken', settle: 'none' },
      { label: 'taken and returned unsent', settle: 'unsent' },
      { label: 'taken by a holder that then failed', settle: 'throw' },
    ])('an offer $label leaves the offerer to write after the holder, knowing it waited', async ({ settle }) => {
      const lanes = createWriteLanes();
      let waiting: Promise<unknown> | undefined;
      const holding = lanes.hold([vnet], async (_waited, offers) => {
        waiting = lanes.holdOrHandOver([vnet], offer('b'), async (waited) => `wrote, waited=${waited}`);
        await tick();
        if (settle === 'unsent') offers.take(vnet)[0]!.settle(undefined);
        if (settle === 'throw') {
          offers.take(vnet);
          throw new Error('VNet PUT refused');
        }
      });
      if (settle === 'throw') await expect(holding).rejects.toThrow('VNet PUT refused');
      else await holding;
      await expect(waiting).resolves.toEqual({ held: 'wrote, waited=true' });
    });
  });
});
