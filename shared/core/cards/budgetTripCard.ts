import type { IAdaptiveCard } from '@microsoft/teams.cards';
import { adaptiveCard, fact, heading, paragraph } from './cardFrame';
import { formatUtc } from './text';

export interface BudgetTripCardModel {
  readonly budgetPerHour: number;
  /** When enough writes leave the sliding hour for the guard to write again; undefined if unknown. */
  readonly resumesAt?: string;
  /** The subnet whose pass hit the limit. */
  readonly subnetName: string;
  readonly writesNeeded: string;
}

/**
 * The loud one: the change budget (CHANGE_BUDGET_PER_HOUR) ran out, so the guard has switched itself to audit. A
 * mass drift or a write loop must not rewrite the estate; a person should look before it writes again.
 */
export function buildBudgetTripCard(model: BudgetTripCardModel): IAdaptiveCard {
  return adaptiveCard([
    heading('Egress guard switched itself to AUDIT: change budget exhausted'),
    paragraph(
      `More than ${model.budgetPerHour} ARM writes were needed within an hour. Until the budget frees up, drift is reported but not fixed. If this was expected (a large rollout), raise CHANGE_BUDGET_PER_HOUR; if not, look for something fighting the guard.`,
      { color: 'Attention' },
    ),
    {
      type: 'FactSet',
      facts: [
        fact('Budget', `${model.budgetPerHour} writes per hour`),
        fact('Hit while fixing', model.subnetName),
        fact('Writes still needed', model.writesNeeded),
        fact('Writes resume', model.resumesAt ? formatUtc(model.resumesAt) : 'when the oldest write leaves the hour'),
      ],
    },
  ]);
}
