import { normalizeFqdn, targetCovers } from '../../../../shared/core/ruleRequests/fqdn';

describe('normalizeFqdn', () => {
  it.each([
    { label: 'lower-cases', raw: 'API.Example.COM', name: 'api.example.com' },
    { label: 'trims and drops the root dot', raw: ' example.com. ', name: 'example.com' },
    { label: 'converts Unicode to punycode', raw: 'bücher.example', name: 'xn--bcher-kva.example' },
    { label: 'accepts a leftmost wildcard', raw: '*.data.mcr.microsoft.com', name: '*.data.mcr.microsoft.com' },
    { label: 'accepts a wildcard over a registrable domain', raw: '*.example.co.uk', name: '*.example.co.uk' },
  ])('$label', ({ raw, name }) => {
    expect(normalizeFqdn(raw)).toEqual({ ok: true, value: { name, wildcard: name.startsWith('*.') } });
  });

  it.each([
    { label: 'bare *', raw: '*', why: /every destination/ },
    { label: 'wildcard over a TLD', raw: '*.com', why: /public suffix/ },
    { label: 'wildcard over a multi-label suffix', raw: '*.co.uk', why: /public suffix/ },
    { label: 'wildcard over a private suffix', raw: '*.blob.core.windows.net', why: /public suffix/ },
    { label: 'wildcard inside a label', raw: 'api*.example.com', why: /leftmost label/ },
    { label: 'wildcard not leftmost', raw: 'a.*.example.com', why: /leftmost label/ },
    { label: 'IPv4 literal', raw: '10.0.0.1', why: /IP address/ },
    { label: 'IPv6 literal', raw: '[::1]', why: /IP address/ },
    { label: 'numeric host in WHATWG form', raw: '0x7f.1', why: /IP address/ },
    { label: 'leading hyphen', raw: '-a.example.com', why: /invalid label/ },
    { label: 'trailing hyphen', raw: 'a-.example.com', why: /invalid label/ },
    { label: 'underscore', raw: 'a_b.example.com', why: /character not allowed/ },
    { label: 'percent escape', raw: 'a%62.example.com', why: /character not allowed/ },
    { label: 'empty label', raw: 'a..example.com', why: /empty label/ },
    { label: 'single label', raw: 'localhost', why: /two labels/ },
    { label: 'label of 64', raw: `${'a'.repeat(64)}.com`, why: /63/ },
    { label: 'name over 253', raw: `${Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.')}.com`, why: /253/ },
    { label: 'invalid punycode', raw: 'xn--zz.com', why: /internationalized/ },
    { label: 'not a string', raw: 42, why: /string/ },
  ])('refuses $label', ({ raw, why }) => {
    const result = normalizeFqdn(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(why);
  });
});

describe('targetCovers', () => {
  it.each([
    { label: 'exact', target: 'api.example.com', requested: 'api.example.com', covers: true },
    { label: 'exact, other case', target: 'API.example.com', requested: 'api.example.com', covers: true },
    { label: 'wildcard, one level', target: '*.example.com', requested: 'api.example.com', covers: true },
    { label: 'wildcard, deeper', target: '*.example.com', requested: 'a.b.example.com', covers: true },
    { label: 'wildcard does not cover the apex', target: '*.example.com', requested: 'example.com', covers: false },
    { label: 'suffix without a dot boundary', target: '*.example.com', requested: 'badexample.com', covers: false },
    { label: 'star covers all', target: '*', requested: 'anything.test', covers: true },
    { label: 'exact does not cover a wildcard', target: 'api.example.com', requested: '*.example.com', covers: false },
    { label: 'wider wildcard covers a narrower one', target: '*.example.com', requested: '*.api.example.com', covers: true },
    { label: 'narrower wildcard does not cover a wider one', target: '*.api.example.com', requested: '*.example.com', covers: false },
  ])('$label', ({ target, requested, covers }) => {
    expect(targetCovers(target, requested)).toBe(covers);
  });
});
