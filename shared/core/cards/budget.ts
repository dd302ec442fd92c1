import type { IAdaptiveCard } from '@microsoft/teams.cards';
import { payloadSizeInBytes, TEAMS_MAX_PAYLOAD_BYTES } from './workflowsPayload';

/** How much of each list and string a card renderer may show. */
export interface CardLimits {
  /** Rows per list (table rows, facts, charts). */
  readonly maxRows: number;
  /** Characters per free-text value (FQDNs, messages, justifications). */
  readonly maxTextChars: number;
}

export interface FitOptions {
  readonly maxPayloadBytes?: number;
  /** Most rows any list in the card could need; the search never tries more. */
  readonly maxUsefulRows: number;
  /** A tiny card used only if nothing else fits (e.g. a huge maxPayloadBytes cut by the caller). */
  readonly lastResort: () => IAdaptiveCard;
}

// Text length steps, tried in order: readable first, then cramped, then bare.
const TEXT_STEPS = [400, 120, 48] as const;

/**
 * Renders the largest card that fits the Teams payload limit. For each text step it binary-searches the row count
 * (more rows never make a card smaller, so the largest fitting count is found in log2(n) renders); every card it
 * returns has been measured, so the limit holds for any input.
 */
export function fitToPayloadBudget(render: (limits: CardLimits) => IAdaptiveCard, options: FitOptions): IAdaptiveCard {
  const maxBytes = options.maxPayloadBytes ?? TEAMS_MAX_PAYLOAD_BYTES;
  const fits = (card: IAdaptiveCard) => payloadSizeInBytes(card) <= maxBytes;
  for (const maxTextChars of TEXT_STEPS) {
    let best = render({ maxRows: 0, maxTextChars });
    if (!fits(best)) continue;
    let low = 0;
    let high = Math.max(0, options.maxUsefulRows);
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      const candidate = render({ maxRows: middle, maxTextChars });
      if (fits(candidate)) {
        low = middle;
        best = candidate;
      } else high = middle - 1;
    }
    return best;
  }
  return options.lastResort();
}
