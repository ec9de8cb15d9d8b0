import { DomainError, decidePublishScheme, type Scheme } from '@vakregister/certification';

/** An alternative scheme file that cannot stand in for a scheme version; lists every problem. */
export class AlternativeSchemeError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The alternative scheme is not valid: ${problems.join('; ')}.`);
    this.name = 'AlternativeSchemeError';
  }
}

type Fields = Record<string, unknown>;

const NUMBER_FIELDS = [
  'cycleYears',
  'pointsRequired',
  'planMin',
  'planMax',
  'minPointsPerPlannedCompetency',
  'maxHoursPerActivity',
  'renewalWindowMonths',
  'maxSuspensionMonths',
] as const;
const TOP_LEVEL_FIELDS = ['schemeId', 'effectiveFrom', 'categories', 'competencies', 'admission'];

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isInteger(value) && Number(value) >= 0;
const isText = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '';

/**
 * Unknown fields are refused rather than ignored: a misspelt optional bound (`maximum` for `max`)
 * would otherwise drop a cap without a word, and the what-if would answer another question.
 */
function unknownFields(value: Fields, known: readonly string[], where: string): string[] {
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => `${where}${key} is not a scheme field`);
}

/** The problems of a list of objects, each named by its place (`categories[1].min`). */
function listProblems(
  list: unknown,
  name: string,
  itemProblems: (item: Fields, where: string) => string[],
): string[] {
  if (!Array.isArray(list)) return [`${name} must be a list`];
  return list.flatMap((item: unknown, index) => {
    const where = `${name}[${index}]`;
    return isObject(item) ? itemProblems(item, where) : [`${where} must be an object`];
  });
}

const categoryProblems = (category: Fields, where: string) => [
  ...(isText(category.id) ? [] : [`${where}.id must be a text`]),
  ...(['min', 'max'] as const)
    .filter((bound) => category[bound] !== undefined && !isCount(category[bound]))
    .map((bound) => `${where}.${bound} must be a whole number of at least 0`),
  ...unknownFields(category, ['id', 'min', 'max'], `${where}.`),
];

const competencyProblems = (competency: Fields, where: string) => [
  ...(['id', 'name'] as const)
    .filter((field) => !isText(competency[field]))
    .map((field) => `${where}.${field} must be a text`),
  ...unknownFields(competency, ['id', 'name'], `${where}.`),
];

function admissionProblems(admission: unknown): string[] {
  if (!isObject(admission)) return ['admission must be an object'];
  return [
    ...(isCount(admission.minExperienceYears)
      ? []
      : ['admission.minExperienceYears must be a whole number of at least 0']),
    ...(Array.isArray(admission.diplomaLevels) && admission.diplomaLevels.every(isText)
      ? []
      : ['admission.diplomaLevels must be a list of texts']),
    ...unknownFields(admission, ['minExperienceYears', 'diplomaLevels'], 'admission.'),
  ];
}

/** What the body must look like before the domain's own rules can judge it. */
function shapeProblems(body: Fields): string[] {
  return [
    ...(isText(body.schemeId) ? [] : ['schemeId must be a text']),
    ...(typeof body.effectiveFrom === 'string' ? [] : ['effectiveFrom must be a calendar date']),
    ...NUMBER_FIELDS.filter((field) => !isCount(body[field])).map(
      (field) => `${field} must be a whole number`,
    ),
    ...listProblems(body.categories, 'categories', categoryProblems),
    ...listProblems(body.competencies, 'competencies', competencyProblems),
    ...admissionProblems(body.admission),
    ...unknownFields(body, [...TOP_LEVEL_FIELDS, ...NUMBER_FIELDS], ''),
  ];
}

/**
 * Reads an alternative scheme: the JSON body of `POST /v1/schemes`, checked for shape and then
 * by the domain's own publishing rules (as if it were published on an empty ledger).
 */
export function parseAlternativeScheme(text: string): Scheme {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new AlternativeSchemeError([`not valid JSON (${(error as Error).message})`]);
  }
  if (!isObject(body)) throw new AlternativeSchemeError(['the file must hold one JSON object']);
  const problems = shapeProblems(body);
  if (problems.length > 0) throw new AlternativeSchemeError(problems);
  // JSON has no undefined and unknown fields were refused: the checked body is a plain scheme.
  const scheme = body as unknown as Scheme;
  try {
    decidePublishScheme([], scheme);
  } catch (error) {
    if (error instanceof DomainError)
      throw new AlternativeSchemeError([error.message.replace(/\.$/, '')]);
    throw error;
  }
  return scheme;
}
