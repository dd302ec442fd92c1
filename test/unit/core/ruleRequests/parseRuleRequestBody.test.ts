import { parseRuleRequestBody } from '../../../../shared/core/ruleRequests/parseRuleRequestBody';

describe('parseRuleRequestBody', () => {
  it('returns the object for a JSON object body', () => {
    expect(parseRuleRequestBody('{"fqdns":["a.example.com"]}', 100)).toEqual({ ok: true, body: { fqdns: ['a.example.com'] } });
  });

  it.each([
    { label: 'too large (counted in UTF-8 bytes)', text: `"${'é'.repeat(60)}"`, status: 413, message: /at most 100 bytes/ },
    { label: 'empty', text: '  ', status: 400, message: /empty/ },
    { label: 'not JSON', text: '{fqdns:', status: 400, message: /not valid JSON/ },
    { label: 'an array', text: '[]', status: 400, message: /an array/ },
    { label: 'null', text: 'null', status: 400, message: /null/ },
    { label: 'a string', text: '"x"', status: 400, message: /a string/ },
  ])('refuses $label', ({ text, status, message }) => {
    const result = parseRuleRequestBody(text, 100);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.status).toBe(status);
      expect(result.problems).toEqual([{ path: 'body', message: expect.stringMatching(message) }]);
    }
  });
});
