import { addDays, localDay, zonedToUtc } from './zoned-time';

describe('zoned time', () => {
  it('turns local slot times into UTC, through daylight saving', () => {
    expect(zonedToUtc('2026-12-02', '08:00', 'Australia/Sydney').toISOString()).toBe('2026-12-01T21:00:00.000Z'); // AEDT +11
    expect(zonedToUtc('2026-06-02', '08:00', 'Australia/Sydney').toISOString()).toBe('2026-06-01T22:00:00.000Z'); // AEST +10
    expect(zonedToUtc('2026-12-02', '08:00', 'Australia/Brisbane').toISOString()).toBe('2026-12-01T22:00:00.000Z'); // no DST
    expect(zonedToUtc('2026-12-02', '08:00', 'Australia/Adelaide').toISOString()).toBe('2026-12-01T21:30:00.000Z'); // +10:30
    expect(zonedToUtc('2026-12-02', '08:00', 'Australia/Perth').toISOString()).toBe('2026-12-02T00:00:00.000Z'); // +8
  });

  it('knows which day it is in a zone', () => {
    expect(localDay(new Date('2026-12-01T21:00:00Z'), 'Australia/Sydney')).toBe('2026-12-02');
    expect(localDay(new Date('2026-12-01T21:00:00Z'), 'Australia/Perth')).toBe('2026-12-02');
    expect(localDay(new Date('2026-12-01T12:00:00Z'), 'Australia/Perth')).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
