import { validateAdaptiveCard, withoutCharts } from '../../../support/adaptiveCards';

const valid = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'hello', wrap: true }],
  actions: [{ type: 'Action.OpenUrl', title: 'Open', url: 'https://example.com' }],
};

const withBody = (element: unknown) => ({ ...valid, body: [element] });

describe('validateAdaptiveCard', () => {
  it('accepts a minimal valid card', () => {
    expect(validateAdaptiveCard(valid)).toEqual([]);
  });

  it.each([
    { label: 'missing TextBlock.text', card: withBody({ type: 'TextBlock' }), expected: 'TextBlock.text is required' },
    { label: 'missing Image.url', card: withBody({ type: 'Image' }), expected: 'Image.url is required' },
    { label: 'OpenUrl without url', card: { ...valid, actions: [{ type: 'Action.OpenUrl', title: 'x' }] }, expected: 'Action.OpenUrl.url' },
    { label: 'fact without value', card: withBody({ type: 'FactSet', facts: [{ title: 'a' }] }), expected: 'title and value are required' },
    { label: 'table row wider than columns', card: withBody({ type: 'Table', columns: [{ width: 1 }], rows: [{ type: 'TableRow', cells: [{ type: 'TableCell', items: [] }, { type: 'TableCell', items: [] }] }] }), expected: 'more than 1 columns' },
    { label: 'unknown top-level property', card: { ...valid, bogus: 1 }, expected: '$.bogus: unknown top-level property' },
    { label: 'missing $schema', card: { ...valid, $schema: undefined }, expected: '$.$schema: missing' },
    { label: 'wrong version', card: { ...valid, version: '1.2' }, expected: '$.version: expected "1.5"' },
    { label: 'unknown element type (library)', card: withBody({ type: 'Bogus', text: 'x' }), expected: 'UnknownElementType' },
    { label: 'bad enum value (library)', card: withBody({ type: 'TextBlock', text: 'x', color: 'Purple' }), expected: 'InvalidPropertyValue' },
    { label: 'chart without fallback', card: withBody({ type: 'Chart.Line', data: [{ values: [{ x: 'a', y: 1 }] }] }), expected: 'needs a fallback' },
    { label: 'chart point without y', card: withBody({ type: 'Chart.Line', data: [{ values: [{ x: 'a' }] }], fallback: { type: 'TextBlock', text: 'x' } }), expected: 'values must be' },
    { label: 'invalid chart fallback', card: withBody({ type: 'Chart.Line', data: [{ values: [{ x: 'a', y: 1 }] }], fallback: { type: 'TextBlock' } }), expected: 'TextBlock.text is required' },
  ])('rejects a card with $label', ({ card, expected }) => {
    const errors = validateAdaptiveCard(JSON.parse(JSON.stringify(card)));
    expect(errors.join('\n')).toContain(expected);
  });

  it('treats a Teams chart with a valid fallback as known', () => {
    const card = withBody({ type: 'Chart.Line', data: [{ values: [{ x: 'a', y: 1 }] }], fallback: { type: 'TextBlock', text: 'a: 1' } });
    expect(validateAdaptiveCard(card)).toEqual([]);
  });
});

describe('withoutCharts', () => {
  it('replaces charts by their fallback and drops charts without one', () => {
    const body = [
      { type: 'Chart.Line', fallback: { type: 'TextBlock', text: 'fb' } },
      { type: 'Chart.Donut' },
      { type: 'TextBlock', text: 'kept' },
    ];
    expect(withoutCharts(body)).toEqual([{ type: 'TextBlock', text: 'fb' }, { type: 'TextBlock', text: 'kept' }]);
  });
});
