import type { ActionArray, CardElementArray, IAdaptiveCard, IFact, ITextBlock, TextColor } from '@microsoft/teams.cards';

/** Adaptive Card version we target: Teams desktop, web and mobile all render 1.5 (Table needs it). */
export const CARD_VERSION = '1.5';
export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** A 1.5 card that uses the full message width in Teams (reports have tables). */
export function adaptiveCard(body: CardElementArray, actions: ActionArray = []): IAdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: CARD_VERSION,
    msteams: { width: 'full' },
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

/** TextBlock.text and fact values are required and must show something: blank input becomes a dash. */
export function nonBlank(text: string): string {
  return text.trim() === '' ? '-' : text;
}

export function heading(text: string): ITextBlock {
  return { type: 'TextBlock', text: nonBlank(text), wrap: true, size: 'Large', weight: 'Bolder', style: 'heading' };
}

export function sectionTitle(text: string): ITextBlock {
  return { type: 'TextBlock', text: nonBlank(text), wrap: true, weight: 'Bolder', spacing: 'Medium', separator: true };
}

export function paragraph(text: string, options: { color?: TextColor; subtle?: boolean; monospace?: boolean } = {}): ITextBlock {
  return {
    type: 'TextBlock',
    text: nonBlank(text),
    wrap: true,
    ...(options.color ? { color: options.color } : {}),
    ...(options.subtle ? { isSubtle: true } : {}),
    ...(options.monospace ? { fontType: 'Monospace' as const } : {}),
  };
}

/** A fact with both required properties non-empty (an empty value renders as a dangling label). */
export function fact(title: string, value: string): IFact {
  return { title: nonBlank(title), value: nonBlank(value) };
}
