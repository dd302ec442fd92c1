import fc from 'fast-check';
import { nestingExceeds, parseBoundedJson } from '../../../shared/core/boundedJson';

describe('parseBoundedJson', () => {
  it('refuses a body nested 5,000 deep with a 400 naming the body, without recursing', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    expect(parseBoundedJson(deep, { maxBytes: 1_000_000 })).toEqual({ ok: false, status: 400, problem: { path: 'body', message: expect.stringMatching(/more than 32 levels/) } });
  });

  it('refuses by size (413) before parsing', () => {
    expect(parseBoundedJson(`"${'x'.repeat(100)}"`, { maxBytes: 50 })).toMatchObject({ ok: false, status: 413, problem: { path: 'body' } });
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(nestingExceeds(JSON.stringify({ a: '[[[[{{{{\\"[[[[' }), 2)).toBe(false);
    expect(parseBoundedJson(JSON.stringify({ a: '[[[[[[', b: [1] }), { maxBytes: 100, maxDepth: 2 })).toEqual({ ok: true, value: { a: '[[[[[[', b: [1] } });
  });

  it('agrees with JSON.parse on every value within the bounds, and never throws', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const text = JSON.stringify(value);
        expect(parseBoundedJson(text, { maxBytes: 1_000_000 })).toEqual({ ok: true, value: JSON.parse(text) });
      }),
    );
    fc.assert(fc.property(fc.string(), (text) => void parseBoundedJson(text, { maxBytes: 1000, maxDepth: 3 })));
  });
});
