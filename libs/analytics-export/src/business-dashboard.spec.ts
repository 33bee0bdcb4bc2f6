import { rangeDays } from './business-dashboard';
import { changeOf, daysBetween, previousPeriod } from './dashboard';

describe('dashboard ranges', () => {
  it('lists the days of a range, both ends included, across a month end', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });

  it('compares with the period of the same length just before', () => {
    expect(previousPeriod(['2026-03-01', '2026-03-02', '2026-03-03'])).toEqual(['2026-02-26', '2026-02-27', '2026-02-28']);
  });

  it('defaults to the 28 days to today, or to `to`', () => {
    expect(rangeDays({}, '2026-12-01')).toHaveLength(28);
    expect(rangeDays({ to: '2026-03-28' }, '2026-12-01')[0]).toBe('2026-03-01');
    expect(rangeDays({ from: '2027-01-01' }, '2026-12-01')).toEqual(['2027-01-01']);
  });

  it('refuses a backwards range and one longer than a year', () => {
    expect(() => rangeDays({ from: '2026-03-02', to: '2026-03-01' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => rangeDays({ from: '2025-01-01', to: '2026-01-02' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(rangeDays({ from: '2024-01-01', to: '2024-12-31' })).toHaveLength(366);
  });

  it('gives no change when the previous period had nothing', () => {
    expect(changeOf(5, 0)).toBeNull();
    expect(changeOf(6, 4)).toBe(0.5);
  });
});
