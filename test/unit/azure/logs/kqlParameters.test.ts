import fc from 'fast-check';
import { kqlDatetime, kqlParameterPrelude, kqlString, kqlStringList } from '../../../../shared/azure/logs/kqlParameters';
import { deniedApplicationTrafficQuery } from '../../../../shared/azure/logs/queries';
import { analyzeKql } from '../../../support/kusto';

const hostileValues = [
  { label: 'double quote', value: 'a") | take 1 //' },
  { label: 'single quote', value: "a') | where 1 == 1 //" },
  { label: 'backslash', value: 'a\\" | count' },
  { label: 'pipe', value: '| project-away *' },
  { label: 'newline', value: 'x\n| take 0\n//' },
  { label: 'comment', value: '// everything after is a comment' },
  { label: 'verbatim string', value: '@"x"' },
  { label: 'unicode', value: 'ünïcødé 🔥 \u2028' },
];

const decode = (encoded: string) => Buffer.from(/"([^"]*)"/.exec(encoded)![1]!, 'base64').toString('utf8');

describe('kqlString', () => {
  it.each(hostileValues)('encodes $label as base64 that decodes back', ({ value }) => {
    const encoded = kqlString(value);
    expect(encoded).toMatch(/^base64_decode_tostring\("[A-Za-z0-9+/=]*"\)$/);
    expect(decode(encoded)).toBe(value);
  });

  it('only ever emits the safe alphabet, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const encoded = kqlString(value);
        return /^base64_decode_tostring\("[A-Za-z0-9+/=]*"\)$/.test(encoded) && decode(encoded) === value;
      }),
    );
  });
});

describe('kqlDatetime', () => {
  it('formats a valid date as an ISO datetime literal', () => {
    expect(kqlDatetime(new Date('2026-11-23T07:00:00Z'))).toBe('datetime(2026-11-23T07:00:00.000Z)');
  });

  it.each([
    { label: 'invalid Date', value: new Date('not a date') },
    { label: 'string pretending to be a Date', value: '2026-01-01) | take 1' as unknown as Date },
  ])('rejects $label', ({ value }) => {
    expect(() => kqlDatetime(value)).toThrow(TypeError);
  });
});

describe('kqlStringList', () => {
  it('is the constant empty array when empty', () => {
    expect(kqlStringList([])).toBe('dynamic([])');
  });

  it('encodes each element separately', () => {
    expect(kqlStringList(['a', 'b"'])).toBe(`pack_array(${kqlString('a')}, ${kqlString('b"')})`);
  });
});

describe('kqlParameterPrelude', () => {
  it('rejects parameter names that are not identifiers', () => {
    expect(() => kqlParameterPrelude({ 'x = 1; T | take 1; let y': 'v' })).toThrow(RangeError);
  });

  it.each(hostileValues)('keeps a query with a hostile firewall id ($label) intact for the analyzer', ({ value }) => {
    const text = deniedApplicationTrafficQuery.text({
      window: { from: new Date('2026-11-22T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z') },
      firewallIds: [value, `${value}/2`],
    });
    const analysis = analyzeKql(text);
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.columns.map((column) => column.name)).toEqual(Object.keys(deniedApplicationTrafficQuery.columns));
  });

  it('would not survive naive quoting (the test can fail)', () => {
    const naive = `let firewallIds = pack_array("${hostileValues[0]!.value}");\nAZFWApplicationRule | where _ResourceId in (firewallIds)`;
    expect(analyzeKql(naive).diagnostics).not.toEqual([]);
  });
});
