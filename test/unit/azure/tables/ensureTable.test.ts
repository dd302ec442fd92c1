import { tableEnsurer } from '../../../../shared/azure/tables/ensureTable';

describe('tableEnsurer', () => {
  it('creates the table once for concurrent and later calls', async () => {
    const createTable = jest.fn(async () => undefined);
    const ensure = tableEnsurer({ createTable } as never);
    await Promise.all([ensure(), ensure()]);
    await ensure();
    expect(createTable).toHaveBeenCalledTimes(1);
  });

  it('forgets a failure, so the next call tries again', async () => {
    const createTable = jest.fn().mockRejectedValueOnce(new Error('storage not up')).mockResolvedValue(undefined);
    const ensure = tableEnsurer({ createTable } as never);
    await expect(ensure()).rejects.toThrow('storage not up');
    await expect(ensure()).resolves.toBeUndefined();
    expect(createTable).toHaveBeenCalledTimes(2);
  });
});
