import { isCalendarDay } from './calendar-day';

describe('isCalendarDay', () => {
  it.each(['2026-02-28', '2024-02-29', '2026-12-31'])('accepts %s', (day) => expect(isCalendarDay(day)).toBe(true));
  it.each(['2026-02-31', '2026-02-29', '2026-13-01', '2026-1-01', '28/11/2026', '', 20261201])('refuses %s', (day) =>
    expect(isCalendarDay(day)).toBe(false),
  );
});
