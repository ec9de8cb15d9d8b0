/**
 * Calendar dates of Europe/Amsterdam as ISO strings (`2016-05-13`). Date arithmetic runs on the
 * calendar alone (no time of day, no time zone), so that it is the same on every machine.
 */
export type LocalDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const AMSTERDAM = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

function parts(date: LocalDate): [number, number, number] {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`Not a calendar date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function format(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whether the text is an existing calendar date in ISO form (no 2016-02-30). */
export function isLocalDate(text: unknown): text is LocalDate {
  if (typeof text !== 'string' || !ISO_DATE.test(text)) return false;
  const [year, month, day] = parts(text);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The calendar date in Europe/Amsterdam at an instant. */
export function amsterdamDate(instant: Date | string): LocalDate {
  return AMSTERDAM.format(typeof instant === 'string' ? new Date(instant) : instant);
}

/** Adds months; a day that does not exist in the target month becomes its last day (31 Aug − 6 months = 29 Feb). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const [year, month, day] = parts(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return format(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

export function addYears(date: LocalDate, years: number): LocalDate {
  return addMonths(date, years * 12);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const [year, month, day] = parts(date);
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return format(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/** A half-open period `[from, until)` of calendar dates. */
export interface Period {
  from: LocalDate;
  until: LocalDate;
}

/** Whether the date lies in the half-open period `[from, until)`. ISO dates compare as text. */
export function inPeriod(date: LocalDate, period: Period): boolean {
  return date >= period.from && date < period.until;
}
