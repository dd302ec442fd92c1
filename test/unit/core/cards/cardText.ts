/** Every `text`, `title`, `value` and `url` string in a card, for "the card says X" assertions. */
export function cardStrings(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(cardStrings);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    typeof value === 'string' && ['text', 'title', 'value', 'url'].includes(key) ? [value] : cardStrings(value),
  );
}

export const cardText = (card: unknown) => cardStrings(card).join('\n');
