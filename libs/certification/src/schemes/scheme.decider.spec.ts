import { givenSchemes, schemeVersion } from '@vakregister/testing';
import {
  BVK_2016,
  evolveSchemes,
  initialSchemesState,
  schemeInForce,
  type Scheme,
} from '@vakregister/certification';

const bvk2018 = schemeVersion({ schemeId: 'bvk-2018', effectiveFrom: '2018-01-01' });
const bvk2020 = schemeVersion({
  schemeId: 'bvk-2020',
  effectiveFrom: '2020-01-01',
  pointsRequired: 120,
});

describe('schemes', () => {
  describe('publishing a scheme version', () => {
    it('publishes the first version', () => {
      givenSchemes()
        .whenPublished(BVK_2016)
        .then([{ type: 'SchemePublished', data: BVK_2016 }]);
    });

    it('publishes a later version under another id', () => {
      givenSchemes(BVK_2016)
        .whenPublished(bvk2020)
        .then([{ type: 'SchemePublished', data: bvk2020 }]);
    });

    it.each([
      'cycleYears',
      'pointsRequired',
      'maxHoursPerActivity',
      'renewalWindowMonths',
    ] as const)('refuses a scheme whose %s is 0 (422)', (field) => {
      givenSchemes()
        .whenPublished({ ...bvk2020, [field]: 0 })
        .thenThrows('rule', `${field} must be above 0`);
    });

    it('refuses an id that was published before (409)', () => {
      givenSchemes(BVK_2016)
        .whenPublished({ ...bvk2020, schemeId: 'bvk-2016' })
        .thenThrows('state', 'bvk-2016 has already been published');
    });

    it.each(['2016-02-30', '2016-1-1', '1 januari 2016'])(
      'refuses an effectiveFrom that is not a calendar date: %s (400)',
      (effectiveFrom) => {
        const error = givenSchemes()
          .whenPublished(schemeVersion({ effectiveFrom }))
          .thenThrows('invalid', 'effectiveFrom');
        expect(error.errors[0].field).toBe('effectiveFrom');
      },
    );

    it.each<[string, Partial<Scheme>, string]>([
      [
        'a category minimum above its maximum',
        {
          categories: [
            { id: 'scholing', min: 60, max: 50 },
            { id: 'reflectie', min: 40 },
          ],
        },
        'category scholing has min 60 above max 50',
      ],
      [
        'category minimums above the points required',
        { pointsRequired: 99 },
        'the category minimums (100) exceed pointsRequired (99)',
      ],
      ['planMin above planMax', { planMin: 4, planMax: 3 }, 'planMin 4 is above planMax 3'],
      [
        'planMax above the number of competencies',
        { planMax: 8 },
        'planMax 8 is above the number of competencies (7)',
      ],
      [
        'a category twice',
        { categories: [{ id: 'scholing', min: 60 }, { id: 'scholing' }] },
        'category scholing appears twice',
      ],
      [
        'a competency twice',
        {
          competencies: [
            { id: 'gespreksvoering', name: 'a' },
            { id: 'gespreksvoering', name: 'b' },
          ],
          planMax: 2,
        },
        'competency gespreksvoering appears twice',
      ],
    ])('refuses %s (422)', (_label, overrides, messagePart) => {
      givenSchemes()
        .whenPublished(schemeVersion({ schemeId: 'bvk-x', ...overrides }))
        .thenThrows('rule', messagePart);
    });

    it('accepts minimums that add up to exactly the points required', () => {
      expect(
        givenSchemes()
          .whenPublished(schemeVersion({ schemeId: 'bvk-x', pointsRequired: 100 }))
          .events(),
      ).toHaveLength(1);
    });

    it('names every inconsistency at once', () => {
      const error = givenSchemes()
        .whenPublished(schemeVersion({ pointsRequired: 50, planMin: 5, planMax: 4 }))
        .thenThrows('rule');
      expect(error.message).toContain('exceed pointsRequired (50)');
      expect(error.message).toContain('planMin 5 is above planMax 4');
    });
  });

  describe('evolveSchemes', () => {
    it('keeps every version in the order published', () => {
      const state = [bvk2020, BVK_2016]
        .map((data) => ({ type: 'SchemePublished' as const, data }))
        .reduce(evolveSchemes, initialSchemesState);
      expect(state.map((scheme) => scheme.schemeId)).toEqual(['bvk-2020', 'bvk-2016']);
      expect(initialSchemesState).toEqual([]);
    });
  });

  describe('schemeInForce', () => {
    const published = [bvk2020, BVK_2016, bvk2018];

    it('is undefined before the first version takes effect', () => {
      expect(schemeInForce(published, '2015-12-31')).toBeUndefined();
      expect(schemeInForce([], '2020-01-01')).toBeUndefined();
    });

    it.each([
      ['2016-01-01', 'bvk-2016'],
      ['2017-12-31', 'bvk-2016'],
      ['2018-01-01', 'bvk-2018'],
      ['2019-12-31', 'bvk-2018'],
      ['2020-01-01', 'bvk-2020'],
      ['2030-06-01', 'bvk-2020'],
    ])('on %s is %s: the latest effectiveFrom on or before the date', (date, schemeId) => {
      expect(schemeInForce(published, date)?.schemeId).toBe(schemeId);
    });

    it('of versions effective on the same date takes the one published last', () => {
      const correction = schemeVersion({ schemeId: 'bvk-2018b', effectiveFrom: '2018-01-01' });
      expect(schemeInForce([BVK_2016, bvk2018, correction], '2018-06-01')?.schemeId).toBe(
        'bvk-2018b',
      );
      expect(schemeInForce([BVK_2016, correction, bvk2018], '2018-06-01')?.schemeId).toBe(
        'bvk-2018',
      );
    });
  });
});
