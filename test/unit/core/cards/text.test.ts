import { escapeMarkdown, joinWithMore, markdownLink, truncate, usableUrl } from '../../../../shared/core/cards/text';

describe('truncate', () => {
  it.each([
    { label: 'short text', text: 'abc', max: 5, expected: 'abc' },
    { label: 'exact length', text: 'abcde', max: 5, expected: 'abcde' },
    { label: 'long text', text: 'abcdefgh', max: 5, expected: 'abcd…' },
    { label: 'astral characters', text: '😀😀😀😀😀😀', max: 3, expected: '😀😀…' },
    { label: 'astral text that fits in code points', text: '😀😀😀', max: 3, expected: '😀😀😀' },
  ])('handles $label', ({ text, max, expected }) => {
    expect(truncate(text, max)).toBe(expected);
  });
});

describe('joinWithMore', () => {
  it.each([
    { label: 'all shown', items: ['a', 'b'], maxItems: 3, expected: 'a, b' },
    { label: 'some cut', items: ['a', 'b', 'c', 'd'], maxItems: 2, expected: 'a, b and 2 more' },
    { label: 'none shown', items: ['a', 'b'], maxItems: 0, expected: '2 more' },
  ])('handles $label', ({ items, maxItems, expected }) => {
    expect(joinWithMore(items, maxItems, 100)).toBe(expected);
  });
});

describe('escapeMarkdown', () => {
  it('neutralises link and emphasis syntax', () => {
    expect(escapeMarkdown('[x](y) *b* _i_ `c`')).toBe('\\[x\\](y) \\*b\\* \\_i\\_ \\`c\\`');
  });
});

describe('markdownLink', () => {
  it('encodes characters that would end the link early', () => {
    expect(markdownLink('Go', 'https://a.example/x)y z')).toBe('[Go](https://a.example/x%29y%20z)');
  });
});

describe('usableUrl', () => {
  it.each([
    { label: 'https', url: 'https://a.example/x', expected: 'https://a.example/x' },
    { label: 'javascript', url: 'javascript:alert(1)', expected: undefined },
    { label: 'too long', url: `https://a.example/${'x'.repeat(3000)}`, expected: undefined },
  ])('handles $label', ({ url, expected }) => {
    expect(usableUrl(url)).toBe(expected);
  });
});
