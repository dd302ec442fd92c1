import { authLevelOf, completeHostKeys, isAuthorized, presentedKey, type AuthLevel } from '../../../../sandbox/host/keys';

const keys = completeHostKeys({ master: 'M', functionKeys: { default: 'F' }, systemKeys: { eventgrid_extension: 'E' } });

describe('isAuthorized', () => {
  it.each<{ level: AuthLevel; key: string | undefined; system?: string; expected: boolean }>([
    { level: 'anonymous', key: undefined, expected: true },
    { level: 'function', key: undefined, expected: false },
    { level: 'function', key: 'F', expected: true },
    { level: 'function', key: 'M', expected: true },
    { level: 'function', key: 'E', expected: false },
    { level: 'system', key: 'E', system: 'eventgrid_extension', expected: true },
    { level: 'system', key: 'F', system: 'eventgrid_extension', expected: false },
    { level: 'system', key: 'M', system: 'eventgrid_extension', expected: true },
    { level: 'admin', key: 'F', expected: false },
    { level: 'admin', key: 'M', expected: true },
  ])('$level with key $key -> $expected', ({ level, key, system, expected }) => {
    expect(isAuthorized(keys, level, key, system)).toBe(expected);
  });
});

describe('presentedKey', () => {
  it('prefers the x-functions-key header over ?code', () => {
    expect(presentedKey({ 'x-functions-key': 'H' }, new URLSearchParams('code=Q'))).toBe('H');
    expect(presentedKey({}, new URLSearchParams('code=Q'))).toBe('Q');
    expect(presentedKey({}, new URLSearchParams())).toBeUndefined();
  });
});

describe('completeHostKeys', () => {
  it('generates distinct master, default function and Event Grid system keys', () => {
    const generated = completeHostKeys();
    const all = [generated.master, generated.functionKeys.default, generated.systemKeys.eventgrid_extension];
    expect(new Set(all).size).toBe(3);
    for (const key of all) expect(key).toMatch(/^[\w-]{40,}$/);
  });
});

describe('authLevelOf', () => {
  it.each([
    { given: undefined, expected: 'anonymous' },
    { given: 'Function', expected: 'function' },
    { given: 'ADMIN', expected: 'admin' },
    { given: 'user', expected: 'function' },
  ])('$given -> $expected', ({ given, expected }) => {
    expect(authLevelOf(given)).toBe(expected);
  });
});
