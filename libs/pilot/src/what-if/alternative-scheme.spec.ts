import { BVK_2016 } from '@vakregister/certification';
import { AlternativeSchemeError, parseAlternativeScheme } from './alternative-scheme';

const body = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ ...BVK_2016, schemeId: 'what-if-120', pointsRequired: 120, ...overrides });

function problemsOf(text: string): readonly string[] {
  try {
    parseAlternativeScheme(text);
  } catch (error) {
    if (error instanceof AlternativeSchemeError) return error.problems;
    throw error;
  }
  throw new Error('The scheme was accepted.');
}

describe('parseAlternativeScheme', () => {
  it('reads the body of POST /v1/schemes as a scheme version', () => {
    expect(parseAlternativeScheme(body())).toEqual({
      ...BVK_2016,
      schemeId: 'what-if-120',
      pointsRequired: 120,
    });
  });

  it('refuses a file that is not JSON, or not one object', () => {
    expect(problemsOf('{"schemeId": ')[0]).toMatch(/^not valid JSON/);
    expect(problemsOf('[]')).toEqual(['the file must hold one JSON object']);
  });

  it('names every field of the wrong shape at once', () => {
    const { admission: _admission, ...withoutAdmission } = JSON.parse(body());
    expect(
      problemsOf(
        JSON.stringify({
          ...withoutAdmission,
          pointsRequired: '120',
          categories: [{ id: 'scholing', min: -1 }, 'reflectie'],
        }),
      ),
    ).toEqual([
      'pointsRequired must be a whole number',
      'categories[0].min must be a whole number of at least 0',
      'categories[1] must be an object',
      'admission must be an object',
    ]);
  });

  it('refuses a field the scheme does not have rather than ignore it', () => {
    expect(problemsOf(body({ pointsRequried: 100 }))).toEqual([
      'pointsRequried is not a scheme field',
    ]);
    const categories = [
      { id: 'scholing', min: 60 },
      { id: 'reflectie', min: 40 },
      { id: 'vrije-ruimte', maximum: 40 },
    ];
    expect(problemsOf(body({ categories }))).toEqual([
      'categories[2].maximum is not a scheme field',
    ]);
  });

  it('applies the domain rules of publishing a scheme', () => {
    expect(problemsOf(body({ pointsRequired: 90 }))).toEqual([
      'The scheme is not consistent: the category minimums (100) exceed pointsRequired (90)',
    ]);
    expect(problemsOf(body({ effectiveFrom: '2016-02-30' }))).toEqual([
      'effectiveFrom is not a calendar date',
    ]);
  });
});
