import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { passRetryDelayInMs, retryBudget, retryBudgetTable, worstCase } from '../../../../shared/core/drift/retryBudget';

describe('retry budget', () => {
  it('docs/drift.md shows the table computed from the constants', () => {
    const docs = readFileSync(join(__dirname, '../../../../docs/drift.md'), 'utf8');
    expect(docs).toContain(retryBudgetTable());
  });

  it('multiplies the layers: SDK attempts x pass attempts per write', () => {
    expect(worstCase().armCallsPerWrite).toBe((1 + retryBudget.sdkRetriesPerCall) * retryBudget.passAttempts);
  });

  it("waits the planned delay, or ARM's Retry-After when it asks for more", () => {
    expect(passRetryDelayInMs(1, undefined)).toBe(retryBudget.passRetryDelaysInMs[0]);
    expect(passRetryDelayInMs(1, 60_000)).toBe(60_000);
    expect(passRetryDelayInMs(99, undefined)).toBe(retryBudget.passRetryDelaysInMs.at(-1));
  });
});
