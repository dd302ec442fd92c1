import { createWriteLanes } from '../../../shared/runtime/writeLanes';

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
});
