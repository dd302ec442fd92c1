import { computeReportWindow } from '../../../../shared/core/report/window';

const now = new Date('2026-11-23T07:00:00Z');
const daysBefore = (days: number) => new Date(now.getTime() - days * 86_400_000);

describe('computeReportWindow', () => {
  it.each([
    { label: 'first report covers one day', last: undefined, max: 7, from: daysBefore(1) },
    { label: 'starts at the last successful report', last: daysBefore(2), max: 7, from: daysBefore(2) },
    { label: 'is capped at maxWindowDays', last: daysBefore(20), max: 7, from: daysBefore(7) },
    { label: 'first report respects a 1-day cap', last: undefined, max: 1, from: daysBefore(1) },
    { label: 'last report in the future falls back to one day', last: new Date(now.getTime() + 60_000), max: 7, from: daysBefore(1) },
  ])('$label', ({ last, max, from }) => {
    expect(computeReportWindow({ now, lastSuccessfulReportAt: last, maxWindowDays: max })).toEqual({ from, to: now });
  });

  it('rejects a zero-day cap', () => {
    expect(() => computeReportWindow({ now, lastSuccessfulReportAt: undefined, maxWindowDays: 0 })).toThrow(RangeError);
  });
});
