import { parseReportRequest } from '../../../../functions/report/parseReportRequest';

const now = new Date('2026-11-23T07:00:00Z');
const parse = (bodyText: string, query: { from?: string; to?: string } = {}) => parseReportRequest({ bodyText, query }, now, 7);

describe('parseReportRequest', () => {
  it.each([
    { label: 'no body, no query', body: '', query: {} },
    { label: 'empty JSON object', body: '{}', query: {} },
    { label: 'whitespace body', body: '  \n', query: {} },
  ])('$label = the scheduled window', ({ body, query }) => {
    expect(parse(body, query)).toEqual({ ok: true });
  });

  it.each([
    { label: 'body', body: '{"from":"2026-11-20T00:00:00Z","to":"2026-11-21T00:00:00Z"}', query: {} },
    { label: 'query', body: '', query: { from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z' } },
    { label: 'offsets', body: '{"from":"2026-11-20T01:00:00+01:00","to":"2026-11-21T01:00:00.000+01:00"}', query: {} },
    { label: 'body over query', body: '{"from":"2026-11-20T00:00:00Z","to":"2026-11-21T00:00:00Z"}', query: { from: 'nonsense', to: 'nonsense' } },
  ])('explicit window from the $label', ({ body, query }) => {
    expect(parse(body, query)).toEqual({ ok: true, window: { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') } });
  });

  it.each([
    { label: 'invalid JSON', body: '{from:', field: 'body' },
    { label: 'a JSON array', body: '[]', field: 'body' },
    { label: 'an unknown field', body: '{"form":"2026-11-20T00:00:00Z"}', field: 'form' },
    { label: 'from alone', body: '{"from":"2026-11-20T00:00:00Z"}', field: 'to' },
    { label: 'to alone', body: '{"to":"2026-11-20T00:00:00Z"}', field: 'from' },
    { label: 'from not a string', body: '{"from":17,"to":"2026-11-20T00:00:00Z"}', field: 'from' },
    { label: 'from without a time zone', body: '{"from":"2026-11-20T00:00:00","to":"2026-11-21T00:00:00Z"}', field: 'from' },
    { label: 'a date only', body: '{"from":"2026-11-20","to":"2026-11-21T00:00:00Z"}', field: 'from' },
    { label: 'an impossible date', body: '{"from":"2026-02-30T00:00:00Z","to":"2026-11-21T00:00:00Z"}', field: 'from' },
    { label: 'to not a date', body: '{"from":"2026-11-20T00:00:00Z","to":"tomorrow"}', field: 'to' },
    { label: 'from after to', body: '{"from":"2026-11-21T00:00:00Z","to":"2026-11-20T00:00:00Z"}', field: 'to' },
    { label: 'from equal to', body: '{"from":"2026-11-21T00:00:00Z","to":"2026-11-21T00:00:00Z"}', field: 'to' },
    { label: 'to in the future', body: '{"from":"2026-11-23T00:00:00Z","to":"2026-11-24T00:00:00Z"}', field: 'to' },
    { label: 'longer than REPORT_MAX_WINDOW_DAYS', body: '{"from":"2026-11-10T00:00:00Z","to":"2026-11-21T00:00:00Z"}', field: 'from' },
  ])('refuses $label, naming $field', ({ body, field }) => {
    const result = parse(body);
    expect(result).toMatchObject({ ok: false, field });
    expect((result as { message: string }).message.length).toBeGreaterThan(10);
  });

  it('accepts a window of exactly REPORT_MAX_WINDOW_DAYS', () => {
    expect(parse('{"from":"2026-11-14T00:00:00Z","to":"2026-11-21T00:00:00Z"}').ok).toBe(true);
  });
});
