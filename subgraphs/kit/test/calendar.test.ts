import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CALENDAR_FILE, chinaDay, workdayCalendar, workingDeadline } from '../src/calendar.ts';

describe('working-day calendar', () => {
  const cal = workdayCalendar();

  it('is the same file as the checked reference data', () => {
    const shared = new URL('../../../../shared/data/cn-workday-calendar-2025-2026.csv', import.meta.url);
    if (existsSync(shared)) expect(readFileSync(CALENDAR_FILE, 'utf8')).toBe(readFileSync(shared, 'utf8'));
    expect(cal.years).toEqual([2025, 2026]);
  });

  it('skips holidays and counts make-up working days', () => {
    expect(cal.isWorkingDay('2025-10-01')).toBe(false); // 国庆节 Wednesday
    expect(cal.isWorkingDay('2025-09-28')).toBe(true); // Sunday make-up day
    expect(cal.isWorkingDay('2025-10-11')).toBe(true); // Saturday make-up day
    expect(cal.isWorkingDay('2026-11-28')).toBe(false); // an ordinary Saturday
    // 1 working day after Tuesday 2025-09-30: the National Day holiday runs 10-01 to 10-08.
    expect(cal.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    // Friday 2025-09-26 + 1 is the make-up Sunday 2025-09-28.
    expect(cal.addWorkingDays('2025-09-26', 1)).toBe('2025-09-28');
    expect(cal.addWorkingDays('2026-11-27', 3)).toBe('2026-12-02');
    expect(cal.workingDaysBetween('2026-11-27', '2026-12-02')).toBe(3);
  });

  it('falls due at the end of the China calendar day', () => {
    // 2026-11-27 20:00 UTC is already 2026-11-28 (Saturday) in China.
    const at = new Date('2026-11-27T20:00:00Z');
    expect(chinaDay(at)).toBe('2026-11-28');
    expect(workingDeadline(at, 1).toISOString()).toBe('2026-11-30T15:59:59.999Z');
  });
});
