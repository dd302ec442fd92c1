import fc from 'fast-check';
import { parseStrictInstant } from '../../../../shared/core/ruleRequests/strictInstant';

describe('parseStrictInstant', () => {
  it.each([
    ['2026-02-30T00:00:00Z', /day 30, but 2026-02 has 28 days/],
    ['2026-02-29', /day 29, but 2026-02 has 28 days/],
    ['0000-01-01T00:00:00Z', /year 0000/],
    ['10000-01-01T00:00:00Z', /ISO 8601/],
    ['2026-13-01T00:00:00Z', /month 13/],
    ['2026-04-31T00:00:00Z', /2026-04 has 30 days/],
    ['2026-01-01T24:00:00Z', /hours are 00-23/],
    ['2026-01-01T10:60:00Z', /minutes and seconds/],
    ['2026-01-01T10:00:60Z', /minutes and seconds/],
    ['2026-01-01T10:00:00+15:00', /offsets range/],
    ['2026-01-01T10:00:00', /ISO 8601/],
  ])('refuses %s without rolling it over', (text, message) => {
    const parsed = parseStrictInstant(text, { allowDateOnly: true });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  it('needs a time and zone unless a bare date is allowed', () => {
    expect(parseStrictInstant('2026-12-31').ok).toBe(false);
    expect(parseStrictInstant('2026-12-31', { allowDateOnly: true })).toEqual({ ok: true, value: new Date('2026-12-31T00:00:00Z') });
  });

  it('takes leap days, offsets and fractions exactly', () => {
    expect(parseStrictInstant('2028-02-29T12:00:00Z')).toEqual({ ok: true, value: new Date('2028-02-29T12:00:00Z') });
    expect(parseStrictInstant('2026-06-01T02:30:00+02:30')).toEqual({ ok: true, value: new Date('2026-06-01T00:00:00Z') });
    expect(parseStrictInstant('2026-06-01T00:00:00.123456789Z')).toEqual({ ok: true, value: new Date('2026-06-01T00:00:00.123Z') });
  });

  it('round-trips every real instant and never yields an invalid Date', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
        expect(parseStrictInstant(date.toISOString())).toEqual({ ok: true, value: date });
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const parsed = parseStrictInstant(text, { allowDateOnly: true });
        if (parsed.ok) expect(Number.isFinite(parsed.value.getTime())).toBe(true);
      }),
    );
  });
});
