import {
  addDays,
  addMonths,
  addYears,
  amsterdamDate,
  daysBetween,
  inPeriod,
  isLocalDate,
} from './calendar';

describe('calendar', () => {
  describe('addMonths', () => {
    it.each([
      ['2016-05-13', 1, '2016-06-13'],
      ['2016-05-13', -6, '2015-11-13'],
      ['2016-11-30', 3, '2017-02-28'],
      ['2016-01-15', -1, '2015-12-15'],
      ['2016-12-31', 12, '2017-12-31'],
    ])('%s + %i months = %s', (date, months, expected) => {
      expect(addMonths(date, months)).toBe(expected);
    });

    it.each([
      // The renewal window of a certificate ending on 31 August opens on the last day of February.
      ['2020-08-31', -6, '2020-02-29'],
      ['2019-08-31', -6, '2019-02-28'],
      ['2016-01-31', 1, '2016-02-29'],
      ['2015-01-31', 1, '2015-02-28'],
      ['2016-03-31', 1, '2016-04-30'],
      ['2016-03-31', -1, '2016-02-29'],
    ])('clamps %s + %i months to the last day of the month: %s', (date, months, expected) => {
      expect(addMonths(date, months)).toBe(expected);
    });

    it('does not carry a clamped day back when going on', () => {
      expect(addMonths(addMonths('2016-01-31', 1), 1)).toBe('2016-03-29');
      expect(addMonths('2016-01-31', 2)).toBe('2016-03-31');
    });

    it('refuses text that is not an ISO date', () => {
      expect(() => addMonths('13-05-2016', 1)).toThrow(RangeError);
    });
  });

  describe('addYears', () => {
    it.each([
      ['2016-05-13', 4, '2020-05-13'],
      ['2016-02-29', 4, '2020-02-29'],
      ['2016-02-29', 1, '2017-02-28'],
      ['2020-02-29', -4, '2016-02-29'],
      ['2021-02-28', -1, '2020-02-28'],
    ])('%s + %i years = %s', (date, years, expected) => {
      expect(addYears(date, years)).toBe(expected);
    });
  });

  describe('addDays', () => {
    it.each([
      ['2016-02-28', 1, '2016-02-29'],
      ['2015-02-28', 1, '2015-03-01'],
      ['2016-03-01', -1, '2016-02-29'],
      ['2016-12-31', 1, '2017-01-01'],
      ['2017-01-01', -1, '2016-12-31'],
      // The clocks go forward in the night of 27 March 2016; calendar arithmetic ignores that.
      ['2016-03-26', 2, '2016-03-28'],
      ['2016-05-13', 0, '2016-05-13'],
    ])('%s + %i days = %s', (date, days, expected) => {
      expect(addDays(date, days)).toBe(expected);
    });
  });

  describe('daysBetween', () => {
    it('counts calendar days, negative backwards, with leap days', () => {
      expect(daysBetween('2016-01-01', '2017-01-01')).toBe(366);
      expect(daysBetween('2017-01-01', '2018-01-01')).toBe(365);
      expect(daysBetween('2016-03-27', '2016-03-28')).toBe(1);
      expect(daysBetween('2016-05-13', '2016-05-12')).toBe(-1);
    });
  });

  describe('amsterdamDate', () => {
    it.each([
      // Summer time (UTC+2): 22:30 UTC is already the next day in Amsterdam.
      ['2016-05-12T22:30:00Z', '2016-05-13'],
      ['2016-05-12T21:59:59Z', '2016-05-12'],
      ['2016-05-12T22:00:00Z', '2016-05-13'],
      // Winter time (UTC+1): 22:30 UTC is still the same day, 23:00 UTC the next.
      ['2016-01-12T22:30:00Z', '2016-01-12'],
      ['2016-01-12T23:00:00Z', '2016-01-13'],
      ['2016-12-31T23:30:00Z', '2017-01-01'],
    ])('%s is %s in Europe/Amsterdam', (instant, expected) => {
      expect(amsterdamDate(instant)).toBe(expected);
    });

    it('accepts a Date as well as a string', () => {
      expect(amsterdamDate(new Date(Date.UTC(2016, 4, 12, 22, 30)))).toBe('2016-05-13');
    });
  });

  describe('isLocalDate', () => {
    it.each(['2016-05-13', '2016-02-29', '2000-02-29', '2016-12-31'])('accepts %s', (text) => {
      expect(isLocalDate(text)).toBe(true);
    });

    it.each([
      '2016-02-30',
      '2015-02-29',
      '1900-02-29',
      '2016-04-31',
      '2016-13-01',
      '2016-00-10',
      '2016-05-00',
      '2016-5-13',
      '13-05-2016',
      '2016-05-13T00:00:00Z',
      '',
    ])('rejects %j', (text) => {
      expect(isLocalDate(text)).toBe(false);
    });

    it('rejects what is not a string', () => {
      expect(isLocalDate(20160513)).toBe(false);
      expect(isLocalDate(null)).toBe(false);
      expect(isLocalDate(new Date('2016-05-13'))).toBe(false);
    });
  });

  describe('inPeriod', () => {
    const cycle = { from: '2016-06-01', until: '2020-06-01' };

    it('is half-open: from counts, until does not', () => {
      expect(inPeriod('2016-06-01', cycle)).toBe(true);
      expect(inPeriod('2020-05-31', cycle)).toBe(true);
      expect(inPeriod('2020-06-01', cycle)).toBe(false);
      expect(inPeriod('2016-05-31', cycle)).toBe(false);
    });
  });
});
