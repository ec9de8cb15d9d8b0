import { makeTempDir } from '@vakregister/testing';
import {
  ASSESSOR,
  REGISTRAR,
  apiClient,
  professional,
  registration,
  type ApiResponse,
  type Json,
} from './support/api-client';
import { decodedLedgerEvents, ledgerEvents } from './support/ledger-reader';
import { FULL_CYCLE_2016, schemeBody } from './support/scenarios';
import { startApi, type RunningApi } from './support/start-api';

/**
 * Bad input on every command endpoint of API.md, over real HTTP against a real SQLite ledger.
 * Whatever a client sends, the answer is a 4xx problem document (400 malformed, 404 unknown id,
 * 413 too large, 422 against a rule), never a 5xx, and never an event in the ledger: the register
 * is a legal record, and a half-validated command in it cannot be taken back.
 */

const NOW = '2016-05-13T09:00:00Z';
const PLAN = ['gespreksvoering', 'wet-en-regelgeving'];
// These tests are about validation, not the rate limit: one person sends hundreds of requests.
const GENEROUS_RATE_LIMIT = { VAKREGISTER_RATE_LIMIT_STAFF: '100000/10s' };
const UNKNOWN_ID = '5d0c2f8e-1b7a-4e3c-8f9d-2a6b4c8e0f13';
const NOT_A_UUID = 'not-a-uuid';
const HEX_64 = 'a'.repeat(64);
/** Over the 1 MiB body limit of API.md. */
const TWO_MIB = 2 * 1024 * 1024;

const activity = (overrides: Json = {}): Json => ({
  title: 'Intervisie',
  category: 'reflectie',
  hours: 2,
  competencies: PLAN,
  completedOn: '2016-05-01',
  ...overrides,
});

const scheme = (overrides: Json = {}): Json => schemeBody('bvk-2030', '2030-01-01', overrides);

/** The fixtures built in beforeAll; the tables below read them when their tests run. */
const fx = {
  /** Registered only: the subject of admission. */
  applicant: '',
  /** Admitted with a plan, one unreviewed activity and one pending request (few points). */
  admitted: '',
  activity: '',
  request: '',
  /** Certified today: the subject of suspension and revocation. */
  certified: '',
  /** Certified, then suspended: the subject of lifting. */
  suspended: '',
  suspension: '',
};

type Payload = { body: unknown } | { rawBody: string };
type Status = number | readonly number[];

interface Endpoint {
  /** As API.md writes it. */
  route: string;
  method: 'POST' | 'PUT' | 'PATCH';
  /** The path with the fixtures' ids; `ids` replaces them for the id cases. */
  path: (ids?: { id?: string; sub?: string }) => string;
  /** The role that may call it, so that validation (not access control) is what answers. */
  actor: (id?: string) => string;
  /** A well-formed body; the bad cases are variations of it. */
  valid: () => Json;
  /** The name of the path's second id, when it has one. */
  subId?: string;
  /** Endpoint-specific bad bodies: label, body (or raw text), expected status. */
  cases: () => [string, Payload, Status][];
}

const body = (value: unknown): Payload => ({ body: value });
const raw = (text: string): Payload => ({ rawBody: text });
/** The valid body of an endpoint with some fields replaced. */
const withFields = (valid: Json, fields: Json): Payload => body({ ...valid, ...fields });
const without = (valid: Json, field: string): Payload => {
  const copy = { ...valid };
  delete copy[field];
  return body(copy);
};

const professionalPath =
  (suffix: string) =>
  (ids: { id?: string; sub?: string } = {}) =>
    `/v1/professionals/${ids.id ?? fx.admitted}${suffix}`;

/** Text cases for a one-line field: control characters, line breaks, emptiness, length. */
function singleLineCases(
  valid: Json,
  field: string,
  maxLength: number,
): [string, Payload, Status][] {
  return [
    [`${field} missing`, without(valid, field), 400],
    [`${field} a number`, withFields(valid, { [field]: 42 }), 400],
    [`${field} null`, withFields(valid, { [field]: null }), 400],
    [`${field} empty`, withFields(valid, { [field]: '' }), 400],
    [
      `${field} longer than ${maxLength}`,
      withFields(valid, { [field]: 'x'.repeat(maxLength + 1) }),
      400,
    ],
    [`${field} with \\u0000`, withFields(valid, { [field]: 'ab\u0000cd' }), 400],
    [`${field} with \\u0007 (bell)`, withFields(valid, { [field]: 'ab\u0007cd' }), 400],
    [`${field} with \\u007f (delete)`, withFields(valid, { [field]: 'ab\u007fcd' }), 400],
    [`${field} with \\u009b (a C1 control)`, withFields(valid, { [field]: 'ab\u009bcd' }), 400],
    [`${field} with a line break`, withFields(valid, { [field]: 'ab\ncd' }), 400],
  ];
}

/** Text cases for a free-text reason: line breaks are allowed there, other controls are not. */
function freeTextCases(valid: Json, field: string, required: boolean): [string, Payload, Status][] {
  return [
    ...(required
      ? [[`${field} missing`, without(valid, field), 400] as [string, Payload, Status]]
      : []),
    [`${field} a number`, withFields(valid, { [field]: 42 }), 400],
    [`${field} an array`, withFields(valid, { [field]: ['Reden'] }), 400],
    [`${field} empty`, withFields(valid, { [field]: '' }), 400],
    [`${field} longer than 2000`, withFields(valid, { [field]: 'x'.repeat(2001) }), 400],
    [`${field} with \\u0000`, withFields(valid, { [field]: 'Reden\u0000' }), 400],
    [`${field} with \\u0007 (bell)`, withFields(valid, { [field]: 'Reden\u0007' }), 400],
    [`${field} with \\u001b (escape)`, withFields(valid, { [field]: '\u001b[31mReden' }), 400],
  ];
}

/** Cases for a list of decision reasons. */
function reasonsCases(valid: Json): [string, Payload, Status][] {
  return [
    ['reasons missing', without(valid, 'reasons'), 400],
    ['reasons a string', withFields(valid, { reasons: 'Reden' }), 400],
    ['reasons holding a number', withFields(valid, { reasons: [42] }), 400],
    ['reasons holding null', withFields(valid, { reasons: [null] }), 400],
    ['reasons holding an empty text', withFields(valid, { reasons: [''] }), 400],
    ['reasons holding \\u0000', withFields(valid, { reasons: ['Reden\u0000'] }), 400],
    ['reasons holding \\u0007', withFields(valid, { reasons: ['Reden\u0007'] }), 400],
    [
      '21 reasons',
      withFields(valid, { reasons: Array.from({ length: 21 }, (_, i) => `Reden ${i}`) }),
      400,
    ],
  ];
}

/** Cases for a calendar date field. */
function dateCases(valid: Json, field: string): [string, Payload, Status][] {
  return [
    [`${field} missing`, without(valid, field), 400],
    [`${field} 13-05-2016 (day first)`, withFields(valid, { [field]: '13-05-2016' }), 400],
    [`${field} 2016-02-30 (no such day)`, withFields(valid, { [field]: '2016-02-30' }), 400],
    [`${field} 2015-02-29 (not a leap year)`, withFields(valid, { [field]: '2015-02-29' }), 400],
    [`${field} 2016-5-1 (no leading zeros)`, withFields(valid, { [field]: '2016-5-1' }), 400],
    [`${field} an instant`, withFields(valid, { [field]: '2016-05-01T10:00:00Z' }), 400],
    [`${field} a number`, withFields(valid, { [field]: 20160501 }), 400],
    [`${field} empty`, withFields(valid, { [field]: '' }), 400],
    [`${field} null`, withFields(valid, { [field]: null }), 400],
  ];
}

const validScheme = () => scheme();
const validRegistration = () => registration({ name: 'Bad Input', email: 'bad.input@example.nl' });
const validCorrection = () => ({ municipality: 'Nijmegen', reason: 'Moved house' });
const validAdmission = () => ({
  outcome: 'admitted',
  reasons: ['HBO diploma, 6 years of experience'],
});
const validPlan = () => ({ competencies: PLAN });
const validReview = () => ({ outcome: 'approved', reason: 'Evidence in order' });
const validDecision = () => ({
  requestId: fx.request,
  outcome: 'granted',
  reasons: ['Requirements met'],
});
const validSuspension = () => ({ until: '2016-08-01', reason: 'Complaint under investigation' });
const validSample = () => ({ seed: '2016-Q2-steekproef', size: 5, population: 'certified' });

const ENDPOINTS: Endpoint[] = [
  {
    route: 'POST /v1/schemes',
    method: 'POST',
    path: () => '/v1/schemes',
    actor: () => REGISTRAR,
    valid: validScheme,
    cases: () => {
      const valid = validScheme();
      return [
        ...singleLineCases(valid, 'schemeId', 100),
        ['schemeId with capitals and a space', withFields(valid, { schemeId: 'BVK 2030' }), 400],
        ...dateCases(valid, 'effectiveFrom'),
        ['cycleYears a string', withFields(valid, { cycleYears: '4' }), 400],
        ['cycleYears 0', withFields(valid, { cycleYears: 0 }), 400],
        ['cycleYears 11', withFields(valid, { cycleYears: 11 }), 400],
        ['cycleYears 4.5', withFields(valid, { cycleYears: 4.5 }), 400],
        ['pointsRequired -1', withFields(valid, { pointsRequired: -1 }), 400],
        [
          'pointsRequired 1e400 (Infinity)',
          raw(JSON.stringify(valid).replace('"pointsRequired":160', '"pointsRequired":1e400')),
          400,
        ],
        ['planMin null', withFields(valid, { planMin: null }), 400],
        ['maxSuspensionMonths 61', withFields(valid, { maxSuspensionMonths: 61 }), 400],
        ['categories a string', withFields(valid, { categories: 'scholing' }), 400],
        ['categories empty', withFields(valid, { categories: [] }), 400],
        ['a category holding null', withFields(valid, { categories: [null] }), 400],
        [
          'a category min as a string',
          withFields(valid, { categories: [{ id: 'scholing', min: '60' }] }),
          400,
        ],
        [
          'a category with an unknown field',
          withFields(valid, { categories: [{ id: 'scholing', weight: 2 }] }),
          400,
        ],
        [
          'a competency without a name',
          withFields(valid, { competencies: [{ id: 'gespreksvoering' }] }),
          400,
        ],
        [
          'a competency name with \\u0000',
          withFields(valid, { competencies: [{ id: 'x', name: 'Gesprek\u0000' }] }),
          400,
        ],
        ['admission missing', without(valid, 'admission'), 400],
        ['admission a string', withFields(valid, { admission: 'hbo' }), 400],
        [
          'admission without diploma levels',
          withFields(valid, { admission: { minExperienceYears: 2, diplomaLevels: [] } }),
          400,
        ],
      ];
    },
  },
  {
    route: 'POST /v1/professionals',
    method: 'POST',
    path: () => '/v1/professionals',
    actor: () => REGISTRAR,
    valid: validRegistration,
    cases: () => {
      const valid = validRegistration();
      return [
        ...singleLineCases(valid, 'name', 200),
        ['name of spaces only', withFields(valid, { name: '   ' }), 400],
        ['email missing', without(valid, 'email'), 400],
        ['email not an address', withFields(valid, { email: 'fatima at maastricht' }), 400],
        ['email a number', withFields(valid, { email: 42 }), 400],
        ...singleLineCases(valid, 'municipality', 100),
        ['sector unknown', withFields(valid, { sector: 'onderwijs' }), 400],
        ['sector in capitals', withFields(valid, { sector: 'WERK' }), 400],
        ['sector missing', without(valid, 'sector'), 400],
        ['neither diploma nor evc', without(valid, 'diploma'), 400],
        ['diploma a string', withFields(valid, { diploma: 'hbo' }), 400],
        ['diploma without a field', withFields(valid, { diploma: { level: 'hbo' } }), 400],
        [
          'diploma with an unknown field',
          withFields(valid, { diploma: { level: 'hbo', field: 'SJD', year: 2010 } }),
          400,
        ],
        [
          'diploma level with \\u0000',
          withFields(valid, { diploma: { level: 'hbo\u0000', field: 'SJD' } }),
          400,
        ],
        ['evc a string', withFields(valid, { evc: 'true' }), 400],
        ['experienceYears a string', withFields(valid, { experienceYears: '6' }), 400],
        ['experienceYears 2.5', withFields(valid, { experienceYears: 2.5 }), 400],
        ['experienceYears -1', withFields(valid, { experienceYears: -1 }), 400],
        ['experienceYears 61', withFields(valid, { experienceYears: 61 }), 400],
        ['experienceYears null', withFields(valid, { experienceYears: null }), 400],
        ['codeSigned a string', withFields(valid, { codeSigned: 'yes' }), 400],
        ['codeSigned 1', withFields(valid, { codeSigned: 1 }), 400],
        ['codeSigned missing', without(valid, 'codeSigned'), 400],
      ];
    },
  },
  {
    route: 'PATCH /v1/professionals/{id}',
    method: 'PATCH',
    path: professionalPath(''),
    actor: () => REGISTRAR,
    valid: validCorrection,
    cases: () => {
      const valid = validCorrection();
      return [
        ...freeTextCases(valid, 'reason', true),
        ['nothing to correct, only a reason', body({ reason: 'Nothing' }), 400],
        ['email not an address', withFields(valid, { email: 'nope' }), 400],
        ['sector unknown', withFields(valid, { sector: 'onderwijs' }), 400],
        ['name empty', withFields(valid, { name: '' }), 400],
        ['name with \\u0007', withFields(valid, { name: 'Fatima\u0007' }), 400],
        ['municipality with a line break', withFields(valid, { municipality: 'Den\nHaag' }), 400],
        // A name, municipality or sector cannot be erased: null is not a correction.
        ['name null', body({ name: null, reason: 'Erase the name' }), 400],
        ['municipality null', body({ municipality: null, reason: 'Erase the municipality' }), 400],
        ['sector null', body({ sector: null, reason: 'Erase the sector' }), 400],
      ];
    },
  },
  {
    route: 'POST /v1/professionals/{id}/admission',
    method: 'POST',
    path: (ids = {}) => `/v1/professionals/${ids.id ?? fx.applicant}/admission`,
    actor: () => ASSESSOR,
    valid: validAdmission,
    cases: () => {
      const valid = validAdmission();
      return [
        ['outcome missing', without(valid, 'outcome'), 400],
        ['outcome unknown', withFields(valid, { outcome: 'maybe' }), 400],
        ['outcome in capitals', withFields(valid, { outcome: 'ADMITTED' }), 400],
        ['outcome a boolean', withFields(valid, { outcome: true }), 400],
        ...reasonsCases(valid),
        ['a refusal without reasons', body({ outcome: 'refused', reasons: [] }), 400],
      ];
    },
  },
  {
    route: 'PUT /v1/professionals/{id}/development-plan',
    method: 'PUT',
    path: professionalPath('/development-plan'),
    actor: (id) => professional(id ?? fx.admitted),
    valid: validPlan,
    cases: () => [
      ['competencies missing', body({}), 400],
      ['competencies a string', body({ competencies: 'gespreksvoering' }), 400],
      ['competencies holding a number', body({ competencies: [42, 'gespreksvoering'] }), 400],
      ['competencies holding null', body({ competencies: [null, 'gespreksvoering'] }), 400],
      ['competencies holding an empty text', body({ competencies: ['', 'gespreksvoering'] }), 400],
      [
        'competencies holding \\u0000',
        body({ competencies: ['gesprek\u0000', 'wet-en-regelgeving'] }),
        400,
      ],
      [
        '21 competencies',
        body({ competencies: Array.from({ length: 21 }, (_, i) => `c-${i}`) }),
        400,
      ],
      ['a competency twice', body({ competencies: ['gespreksvoering', 'gespreksvoering'] }), 400],
      // Well-formed but under the scheme's minimum of 2: a rule, not a format.
      ['no competencies', body({ competencies: [] }), 422],
    ],
  },
  {
    route: 'POST /v1/professionals/{id}/activities',
    method: 'POST',
    path: professionalPath('/activities'),
    actor: (id) => professional(id ?? fx.admitted),
    valid: () => activity(),
    cases: () => {
      const valid = activity();
      return [
        ...singleLineCases(valid, 'title', 300),
        ['category missing', without(valid, 'category'), 400],
        ['category a number', withFields(valid, { category: 42 }), 400],
        ['hours missing', without(valid, 'hours'), 400],
        ['hours a string', withFields(valid, { hours: '8' }), 400],
        ['hours null', withFields(valid, { hours: null }), 400],
        ['hours a boolean', withFields(valid, { hours: true }), 400],
        [
          'hours 1e400 (Infinity)',
          raw(JSON.stringify(valid).replace('"hours":2', '"hours":1e400')),
          400,
        ],
        // Out of the scheme's range (more than 0, at most 40): a rule of the scheme.
        ['hours -1', withFields(valid, { hours: -1 }), 422],
        ['hours 0', withFields(valid, { hours: 0 }), 422],
        ['hours 1000000', withFields(valid, { hours: 1_000_000 }), 422],
        // Not a quarter-hour and more decimals than any quarter-hour has: format or rule.
        ['hours 0.001', withFields(valid, { hours: 0.001 }), [400, 422]],
        ['competencies a string', withFields(valid, { competencies: 'gespreksvoering' }), 400],
        ['competencies holding a number', withFields(valid, { competencies: [42] }), 400],
        [
          'a competency twice',
          withFields(valid, { competencies: ['gespreksvoering', 'gespreksvoering'] }),
          400,
        ],
        ['no competencies', withFields(valid, { competencies: [] }), 422],
        ...dateCases(valid, 'completedOn'),
        ['provider empty', withFields(valid, { provider: '' }), 400],
        ['provider a number', withFields(valid, { provider: 42 }), 400],
        ['accreditationId with \\u0007', withFields(valid, { accreditationId: 'ACC\u0007' }), 400],
        [
          'evidence a string',
          withFields(valid, { evidence: 'https://docs.example.nl/x.pdf' }),
          400,
        ],
        [
          'evidence uri not a URL',
          withFields(valid, { evidence: { uri: 'not a url', sha256: HEX_64 } }),
          400,
        ],
        [
          'evidence uri javascript:',
          withFields(valid, { evidence: { uri: 'javascript:alert(1)', sha256: HEX_64 } }),
          400,
        ],
        [
          'evidence uri ftp:',
          withFields(valid, { evidence: { uri: 'ftp://docs.example.nl/x.pdf', sha256: HEX_64 } }),
          400,
        ],
        [
          'evidence sha256 too short',
          withFields(valid, { evidence: { uri: 'https://docs.example.nl/x.pdf', sha256: 'abc' } }),
          400,
        ],
        [
          'evidence sha256 in capitals',
          withFields(valid, {
            evidence: { uri: 'https://docs.example.nl/x.pdf', sha256: 'A'.repeat(64) },
          }),
          400,
        ],
        [
          'evidence with an unknown field',
          withFields(valid, {
            evidence: { uri: 'https://docs.example.nl/x.pdf', sha256: HEX_64, size: 1 },
          }),
          400,
        ],
      ];
    },
  },
  {
    route: 'POST /v1/professionals/{id}/activities/{activityId}/withdrawal',
    method: 'POST',
    path: (ids = {}) =>
      `/v1/professionals/${ids.id ?? fx.admitted}/activities/${ids.sub ?? fx.activity}/withdrawal`,
    subId: 'activityId',
    actor: (id) => professional(id ?? fx.admitted),
    valid: () => ({ reason: 'Logged twice by mistake' }),
    cases: () => freeTextCases({ reason: 'Logged twice by mistake' }, 'reason', false),
  },
  {
    route: 'POST /v1/professionals/{id}/activities/{activityId}/review',
    method: 'POST',
    path: (ids = {}) =>
      `/v1/professionals/${ids.id ?? fx.admitted}/activities/${ids.sub ?? fx.activity}/review`,
    subId: 'activityId',
    actor: () => ASSESSOR,
    valid: validReview,
    cases: () => {
      const valid = validReview();
      return [
        ['outcome missing', without(valid, 'outcome'), 400],
        ['outcome unknown', withFields(valid, { outcome: 'ok' }), 400],
        ...freeTextCases(valid, 'reason', true),
      ];
    },
  },
  {
    route: 'POST /v1/professionals/{id}/certification-requests',
    method: 'POST',
    path: professionalPath('/certification-requests'),
    actor: (id) => professional(id ?? fx.admitted),
    valid: () => ({}),
    cases: () => [
      ['a reason (the command has no fields)', body({ reason: 'Please' }), 400],
      ['a kind chosen by the client', body({ kind: 'renewal' }), 400],
    ],
  },
  {
    route: 'POST /v1/professionals/{id}/certification-requests/{requestId}/withdrawal',
    method: 'POST',
    path: (ids = {}) =>
      `/v1/professionals/${ids.id ?? fx.admitted}/certification-requests/` +
      `${ids.sub ?? fx.request}/withdrawal`,
    subId: 'requestId',
    actor: (id) => professional(id ?? fx.admitted),
    valid: () => ({}),
    cases: () => freeTextCases({ reason: 'Not ready yet' }, 'reason', false),
  },
  {
    route: 'POST /v1/professionals/{id}/certification-decisions',
    method: 'POST',
    path: professionalPath('/certification-decisions'),
    actor: () => ASSESSOR,
    valid: validDecision,
    cases: () => {
      const valid = validDecision();
      return [
        ['requestId missing', without(valid, 'requestId'), 400],
        ['requestId not a UUID', withFields(valid, { requestId: NOT_A_UUID }), 400],
        ['requestId a number', withFields(valid, { requestId: 42 }), 400],
        ['outcome missing', without(valid, 'outcome'), 400],
        ['outcome unknown', withFields(valid, { outcome: 'yes' }), 400],
        ...reasonsCases(valid),
        ['a refusal without reasons', withFields(valid, { outcome: 'refused', reasons: [] }), 400],
        // A request id that is well-formed but not this professional's: not found.
        ['an unknown requestId', withFields(valid, { requestId: UNKNOWN_ID }), 404],
      ];
    },
  },
  {
    route: 'POST /v1/professionals/{id}/suspensions',
    method: 'POST',
    path: (ids = {}) => `/v1/professionals/${ids.id ?? fx.certified}/suspensions`,
    actor: () => REGISTRAR,
    valid: validSuspension,
    cases: () => {
      const valid = validSuspension();
      return [
        ...dateCases(valid, 'until'),
        ...freeTextCases(valid, 'reason', true),
        // Well-formed, but a suspension must end after today: a rule.
        ['until yesterday', withFields(valid, { until: '2016-05-12' }), 422],
      ];
    },
  },
  {
    route: 'POST /v1/professionals/{id}/suspensions/{decisionId}/lift',
    method: 'POST',
    path: (ids = {}) =>
      `/v1/professionals/${ids.id ?? fx.suspended}/suspensions/${ids.sub ?? fx.suspension}/lift`,
    subId: 'decisionId',
    actor: () => REGISTRAR,
    valid: () => ({ reason: 'Complaint dismissed' }),
    cases: () => freeTextCases({ reason: 'Complaint dismissed' }, 'reason', true),
  },
  {
    route: 'POST /v1/professionals/{id}/revocation',
    method: 'POST',
    path: (ids = {}) => `/v1/professionals/${ids.id ?? fx.certified}/revocation`,
    actor: () => REGISTRAR,
    valid: () => ({ reason: 'Complaint upheld by the disciplinary board' }),
    cases: () => freeTextCases({ reason: 'Complaint upheld' }, 'reason', true),
  },
  {
    route: 'POST /v1/professionals/{id}/withdrawal',
    method: 'POST',
    path: professionalPath('/withdrawal'),
    actor: (id) => professional(id ?? fx.admitted),
    valid: () => ({ reason: 'Leaving the profession' }),
    cases: () => freeTextCases({ reason: 'Leaving the profession' }, 'reason', false),
  },
  {
    route: 'POST /v1/audits/samples',
    method: 'POST',
    path: () => '/v1/audits/samples',
    actor: () => ASSESSOR,
    valid: validSample,
    cases: () => {
      const valid = validSample();
      return [
        ...singleLineCases(valid, 'seed', 200),
        ['size missing', without(valid, 'size'), 400],
        ['size a string', withFields(valid, { size: '5' }), 400],
        ['size 0', withFields(valid, { size: 0 }), 400],
        ['size -1', withFields(valid, { size: -1 }), 400],
        ['size 1001', withFields(valid, { size: 1001 }), 400],
        ['size 2.5', withFields(valid, { size: 2.5 }), 400],
        ['population unknown', withFields(valid, { population: 'all' }), 400],
        ['population missing', without(valid, 'population'), 400],
      ];
    },
  },
];

/** Bad bodies and headers that every command endpoint must refuse the same way. */
function genericCases(endpoint: Endpoint): [string, Payload, Status, Record<string, string>?][] {
  const valid = endpoint.valid();
  const validJson = JSON.stringify(valid);
  const withKey = (key: string, value: string) =>
    Object.keys(valid).length === 0
      ? `{"${key}":${value}}`
      : validJson.replace(/}$/, `,"${key}":${value}}`);
  // 5,000 levels is 10 kB of valid JSON, far below the body limit.
  const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
  // Keys are scoped per person: each endpoint gets its own, so that none is a reuse of another.
  const key = encodeURIComponent(endpoint.route);
  return [
    ['malformed JSON', raw('{"reason": "Ontbrekend einde",'), 400],
    ['JSON with a trailing comma', raw('{"reason": "x",}'), 400],
    ['JSON with single quotes', raw("{'reason': 'x'}"), 400],
    ['a JSON array', body([]), 400],
    ['an array holding the valid body', body([valid]), 400],
    ['a JSON string', raw('"Fatima el Amrani"'), 400],
    ['JSON null', raw('null'), 400],
    ['a JSON number', raw('42'), 400],
    ['JSON true', raw('true'), 400],
    ['an empty body', raw(''), 400],
    ['an unknown field', body({ ...valid, unexpected: true }), 400],
    ['a field named __proto__', raw(withKey('__proto__', '{"polluted":true}')), 400],
    [
      'a field named constructor',
      raw(withKey('constructor', '{"prototype":{"polluted":true}}')),
      400,
    ],
    ['an unknown field nested 5000 arrays deep', raw(withKey('unexpected', deep)), 400],
    ['a 2 MiB body', raw(JSON.stringify({ ...valid, padding: 'x'.repeat(TWO_MIB) })), 413],
    ['an Idempotency-Key with spaces', body(valid), 400, { 'idempotency-key': `two words ${key}` }],
    [
      'an Idempotency-Key of 201 characters',
      body(valid),
      400,
      { 'idempotency-key': key.padEnd(201, 'k') },
    ],
    ['an If-Match that is not an ETag', body(valid), 400, { 'if-match': 'yesterday' }],
    ['an If-Match beyond 64 bits', body(valid), 400, { 'if-match': '"9223372036854775808"' }],
  ];
}

/**
 * Path ids that are not UUIDs (400) or that no professional, activity, request or decision has
 * (404), each with a valid body. Targets are built when the test runs: they hold fixture ids.
 */
function idCases(endpoint: Endpoint): [string, () => { path: string; actor: string }, number][] {
  if (!endpoint.route.includes('{id}')) return [];
  const sql = "1' OR '1'='1";
  const cases: [string, () => { path: string; actor: string }, number][] = [
    // The actor is the professional of that id, so that the id itself is what is judged.
    [
      'id not a UUID',
      () => ({ path: endpoint.path({ id: NOT_A_UUID }), actor: endpoint.actor(NOT_A_UUID) }),
      400,
    ],
    [
      'id with SQL in it',
      () => ({ path: endpoint.path({ id: encodeURIComponent(sql) }), actor: endpoint.actor(sql) }),
      400,
    ],
    [
      'id of no professional',
      () => ({ path: endpoint.path({ id: UNKNOWN_ID }), actor: endpoint.actor(UNKNOWN_ID) }),
      404,
    ],
  ];
  if (endpoint.subId) {
    cases.push(
      [
        `${endpoint.subId} not a UUID`,
        () => ({ path: endpoint.path({ sub: NOT_A_UUID }), actor: endpoint.actor() }),
        400,
      ],
      [
        `${endpoint.subId} unknown`,
        () => ({ path: endpoint.path({ sub: UNKNOWN_ID }), actor: endpoint.actor() }),
        404,
      ],
    );
  }
  return cases;
}

// API.md: "No stack traces, no SQL, ever." SQL keywords in capitals (as SQL and driver errors
// write them, so that ordinary words such as "update" pass), the driver's name, stack frames.
const SQL_WORDS = /\b(SELECT|INSERT|UPDATE|DELETE|WHERE|PRAGMA|CONSTRAINT)\b/;
const DRIVER_NAME = /sqlite/i;
const STACK_TRACE = /\n\s+at\s|\.[jt]s:\d+|node_modules|\b[A-Z][a-zA-Z]*Error\b/;

describe('bad input on every command endpoint (embedded store, simulated clock)', () => {
  const dir = makeTempDir('bad-input');
  let api: RunningApi;
  let client: ReturnType<typeof apiClient>;

  async function register(overrides: Json = {}): Promise<string> {
    const registered = await client.post('/v1/professionals', REGISTRAR, registration(overrides));
    expect(registered.status).toBe(201);
    return registered.body.professionalId as string;
  }

  async function admitWithPlan(id: string): Promise<void> {
    expect(
      (await client.post(`/v1/professionals/${id}/admission`, ASSESSOR, validAdmission())).status,
    ).toBe(201);
    expect(
      (await client.put(`/v1/professionals/${id}/development-plan`, professional(id), validPlan()))
        .status,
    ).toBe(200);
  }

  async function certify(name: string): Promise<string> {
    const id = await register({ name });
    await admitWithPlan(id);
    for (const logged of FULL_CYCLE_2016) {
      const response = await client.post(
        `/v1/professionals/${id}/activities`,
        professional(id),
        logged,
      );
      expect(response.status).toBe(201);
      const review = await client.post(
        `/v1/professionals/${id}/activities/${response.body.activityId as string}/review`,
        ASSESSOR,
        validReview(),
      );
      expect(review.status).toBe(201);
    }
    const request = await client.post(
      `/v1/professionals/${id}/certification-requests`,
      professional(id),
      {},
    );
    expect(request.status).toBe(201);
    const decision = await client.post(
      `/v1/professionals/${id}/certification-decisions`,
      ASSESSOR,
      {
        requestId: request.body.requestId,
        outcome: 'granted',
        reasons: ['All requirements met'],
      },
    );
    expect(decision.status).toBe(201);
    return id;
  }

  beforeAll(async () => {
    api = await startApi(dir.path, { now: NOW, env: GENEROUS_RATE_LIMIT });
    client = apiClient(api.baseUrl);

    fx.applicant = await register({ name: 'Kees Mulder' });

    fx.admitted = await register({ name: 'Sanne Visser' });
    await admitWithPlan(fx.admitted);
    const logged = await client.post(
      `/v1/professionals/${fx.admitted}/activities`,
      professional(fx.admitted),
      activity(),
    );
    expect(logged.status).toBe(201);
    fx.activity = logged.body.activityId as string;
    const request = await client.post(
      `/v1/professionals/${fx.admitted}/certification-requests`,
      professional(fx.admitted),
      {},
    );
    expect(request.status).toBe(201);
    fx.request = request.body.requestId as string;

    fx.certified = await certify('Fatima el Amrani');
    fx.suspended = await certify('Bram Janssen');
    const suspended = await client.post(
      `/v1/professionals/${fx.suspended}/suspensions`,
      REGISTRAR,
      validSuspension(),
    );
    expect(suspended.status).toBe(201);
    fx.suspension = suspended.body.decisionId as string;
  }, 30_000);

  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  /** Sends the request and checks status, problem document and an unchanged ledger. */
  async function expectRefused(
    method: string,
    path: string,
    actor: string,
    payload: Payload,
    status: Status,
    headers?: Record<string, string>,
  ): Promise<ApiResponse> {
    const before = await ledgerEvents(api.app);
    const response = await client.request(method, path, { actor, headers, ...payload });
    const after = await ledgerEvents(api.app);

    const statuses: readonly number[] = typeof status === 'number' ? [status] : status;
    // Status and body in one string, so that a wrong status shows what the server said.
    const shown = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    const answer = `${response.status} ${shown}`;
    expect(answer).not.toMatch(/^5\d\d /);
    expect(answer).toMatch(new RegExp(`^(${statuses.join('|')}) `));
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json\b/);
    const problem = response.body;
    expect(problem).toMatchObject({
      type: expect.any(String),
      title: expect.any(String),
      status: response.status,
      detail: expect.any(String),
    });
    expect(
      Object.keys(problem).filter(
        (key) => !['type', 'title', 'status', 'detail', 'errors'].includes(key),
      ),
    ).toEqual([]);
    const detail = problem.detail as string;
    expect(detail).not.toMatch(SQL_WORDS);
    expect(detail).not.toMatch(DRIVER_NAME);
    expect(detail).not.toMatch(STACK_TRACE);
    // The types of whatever was appended, so that a failure names it.
    expect(after.slice(before.length).map((event) => event.type)).toEqual([]);
    expect(after.at(-1)?.position).toBe(before.at(-1)?.position);
    return response;
  }

  // Rows are objects: jest takes a test function with more parameters than a row has values for
  // a callback-style test, and some rows carry headers while others do not.
  describe.each(ENDPOINTS.map((endpoint) => [endpoint.route, endpoint] as const))(
    '%s',
    (_route, endpoint) => {
      const generic = genericCases(endpoint).map(([label, payload, status, headers]) => ({
        label,
        payload,
        status,
        headers,
      }));
      it.each(generic)('$label → $status', async ({ payload, status, headers }) => {
        await expectRefused(
          endpoint.method,
          endpoint.path(),
          endpoint.actor(),
          payload,
          status,
          headers,
        );
      });

      const specific = endpoint
        .cases()
        .map(([label, payload, status]) => ({ label, payload, status }));
      it.each(specific)('$label → $status', async ({ payload, status }) => {
        await expectRefused(endpoint.method, endpoint.path(), endpoint.actor(), payload, status);
      });

      const ids = idCases(endpoint).map(([label, target, status]) => ({ label, target, status }));
      if (ids.length > 0) {
        it.each(ids)('$label, with a valid body → $status', async ({ target, status }) => {
          const { path, actor } = target();
          await expectRefused(endpoint.method, path, actor, body(endpoint.valid()), status);
        });
      }
    },
  );

  describe('free text accepts unicode', () => {
    const NAME = 'Zoë Çelik — ‘citaat’';
    const BEINVLOEDEN = 'Beïnvloeden en motiveren — ‘kern’';

    /** Sends a command that must succeed and returns the events it appended. */
    async function accepted(send: () => Promise<ApiResponse>, status: number) {
      const before = await ledgerEvents(api.app);
      const response = await send();
      expect({ status: response.status, body: response.body }).toMatchObject({ status });
      return { response, appended: (await decodedLedgerEvents(api.app)).slice(before.length) };
    }

    it('registers a name, municipality and diploma in any script, kept intact', async () => {
      const { response, appended } = await accepted(
        () =>
          client.post(
            '/v1/professionals',
            REGISTRAR,
            registration({
              name: NAME,
              municipality: 'Súdwest-Fryslân',
              diploma: { level: 'hbo', field: 'SJD (Ærø, Łódź) 🙂' },
            }),
          ),
        201,
      );
      expect(appended.map((event) => event.type)).toEqual([
        'RegistrationNumberAssigned',
        'ProfessionalRegistered',
      ]);
      const read = await client.get(
        `/v1/professionals/${response.body.professionalId as string}`,
        REGISTRAR,
      );
      // Byte for byte: not normalised, not escaped, not mangled.
      expect(read.body).toMatchObject({ name: NAME, municipality: 'Súdwest-Fryslân' });
    });

    it('corrects a name to one with diacritics and a non-Latin script', async () => {
      const id = await register({ name: 'Nguyen Van An' });
      const { appended } = await accepted(
        () =>
          client.patch(`/v1/professionals/${id}`, REGISTRAR, {
            name: 'Nguyễn Văn An (阮文安)',
            reason: 'Spelling with diacritics, as in the passport — ‘paspoort’',
          }),
        200,
      );
      expect(appended.map((event) => event.type)).toEqual(['ProfessionalDetailsCorrected']);
      expect((await client.get(`/v1/professionals/${id}`, REGISTRAR)).body.name).toBe(
        'Nguyễn Văn An (阮文安)',
      );
    });

    it('admits with reasons in unicode', async () => {
      const id = await register({ name: 'Ayşe Yılmaz' });
      const { appended } = await accepted(
        () =>
          client.post(`/v1/professionals/${id}/admission`, ASSESSOR, {
            outcome: 'admitted',
            reasons: ['Diploma “SJD” (hbo) — 6 jaar ervaring ✓'],
          }),
        201,
      );
      expect(appended[0].data).toMatchObject({
        reasons: ['Diploma “SJD” (hbo) — 6 jaar ervaring ✓'],
      });
    });

    it('logs an activity titled in unicode, reviewed with a multi-line reason', async () => {
      const title = 'Intervisie “casuïstiek” — Ærø 🙂';
      const { response, appended } = await accepted(
        () =>
          client.post(
            `/v1/professionals/${fx.admitted}/activities`,
            professional(fx.admitted),
            activity({
              title,
              provider: 'Divosa Académie',
            }),
          ),
        201,
      );
      expect(appended[0].data).toMatchObject({ title, provider: 'Divosa Académie' });
      const activityId = response.body.activityId as string;
      const reason = 'Bewijs in orde:\n– verslag ✓\r\n– ‘handtekening’\tbegeleider';
      const review = await accepted(
        () =>
          client.post(
            `/v1/professionals/${fx.admitted}/activities/${activityId}/review`,
            ASSESSOR,
            { outcome: 'approved', reason },
          ),
        201,
      );
      expect(review.appended[0].metadata.reason).toBe(reason);
    });

    it('publishes a scheme whose competency names carry diacritics', async () => {
      const { appended } = await accepted(
        () =>
          client.post(
            '/v1/schemes',
            REGISTRAR,
            scheme({
              schemeId: 'bvk-2031',
              effectiveFrom: '2031-01-01',
              competencies: [
                { id: 'beinvloeden-en-motiveren', name: BEINVLOEDEN },
                { id: 'gespreksvoering', name: 'Gespreksvoering' },
              ],
              planMax: 2,
            }),
          ),
        201,
      );
      expect(appended[0].data).toMatchObject({
        competencies: [expect.objectContaining({ name: BEINVLOEDEN }), expect.anything()],
      });
    });

    it('draws an audit sample from a seed in unicode', async () => {
      const { appended } = await accepted(
        () =>
          client.post('/v1/audits/samples', ASSESSOR, {
            seed: 'steekproef-2016 — ‘Q2’ ß',
            size: 1,
            population: 'certified',
          }),
        201,
      );
      expect(appended[0].data).toMatchObject({ seed: 'steekproef-2016 — ‘Q2’ ß' });
    });
  });
});
