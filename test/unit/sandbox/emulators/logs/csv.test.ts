import { parseCsv } from '../../../../../sandbox/emulators/logs/csv';

describe('parseCsv', () => {
  it('reads a portal export: BOM, CRLF, quoted commas, quotes and line breaks, "[UTC]" headers', () => {
    const csv = '\uFEFFTimeGenerated [UTC],Fqdn,msg_s\r\n' +
      '"11/23/2026, 5:00:00.000 AM","a,""b"".example","line1\nline2"\r\n' +
      '2026-11-23T05:00:00Z,plain,\r\n';
    expect(parseCsv(csv)).toEqual([
      { TimeGenerated: '11/23/2026, 5:00:00.000 AM', Fqdn: 'a,"b".example', msg_s: 'line1\nline2' },
      { TimeGenerated: '2026-11-23T05:00:00Z', Fqdn: 'plain', msg_s: '' },
    ]);
  });

  it.each([
    { label: 'a row with too many fields', csv: 'a,b\n1,2,3\n' },
    { label: 'an unterminated quote', csv: 'a\n"open\n' },
    { label: 'no header', csv: '' },
  ])('rejects $label', ({ csv }) => {
    expect(() => parseCsv(csv)).toThrow();
  });
});
