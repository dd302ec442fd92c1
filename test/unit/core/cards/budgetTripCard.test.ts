import { buildBudgetTripCard } from '../../../../shared/core/cards/budgetTripCard';
import { validateAdaptiveCard } from '../../../support/adaptiveCards';

describe('buildBudgetTripCard', () => {
  const card = buildBudgetTripCard({ budgetPerHour: 60, subnetName: 'aks-subnet', writesNeeded: '2 writes needed, 0 allowed', resumesAt: '2026-11-23T11:00:00.000Z' });

  it('is a valid card', () => {
    expect(validateAdaptiveCard(card)).toEqual([]);
  });

  it('says loudly that the guard is in audit now, and when it writes again', () => {
    const text = JSON.stringify(card);
    expect(text).toContain('switched itself to AUDIT');
    expect(text).toContain('60 writes per hour');
    expect(text).toMatch(/2026-11-23 11:00/);
  });
});
