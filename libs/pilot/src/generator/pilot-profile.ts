import { BVK_2016, daysBetween, type LocalDate, type Sector } from '@vakregister/certification';
import { Prng, Weighted } from './prng';
import {
  drawDiligence,
  type ObjectionHabits,
  type SimulationProfile,
  type Workplace,
} from './simulation-profile';
import { BVK_2024, SECTORS } from './vocabulary';

/**
 * The 2016 pilot of six municipalities (Divosa Vrijdag, 13 May 2016): Den Haag, Nijmegen and
 * Maastricht are named in the report; the other three are invented. Weights are the share of
 * the professionals outside Maastricht.
 */
export const PILOT_MUNICIPALITIES: ReadonlyArray<readonly [string, number]> = [
  ['Den Haag', 34],
  ['Nijmegen', 20],
  ['Lindemeer', 14],
  ['Holtvenne', 12],
  ['Zuiderwaard', 8],
];
export const MAASTRICHT = 'Maastricht';
/** "18 mensen uit drie sectoren worden opgeleid volgens een breed beroepsprofiel." */
export const MAASTRICHT_COHORT = 18;
const MAASTRICHT_SECTORS: readonly Sector[] = ['werk', 'inkomen', 'zorg'];
/**
 * Maastricht chose one function for all its klantmanagers ("integraal werken", influencing
 * people to get them moving, analysis and diagnosis): the cohort shares this development plan.
 */
export const MAASTRICHT_BROAD_PLAN: readonly string[] = [
  'integraal-samenwerken',
  'beinvloeden-en-motiveren',
  'analyse-en-diagnose',
  'methodisch-werken',
];

export interface PilotSettings {
  professionals: number;
  years: number;
  startYear: number;
  seed: number;
}

export const PILOT_DEFAULTS: PilotSettings = {
  professionals: 120,
  // Five years, so that the first certificates of 2016 come up for renewal inside the run.
  years: 5,
  startYear: 2016,
  seed: 2016,
};
/** One professional per municipality at least. */
export const PILOT_MIN_PROFESSIONALS = PILOT_MUNICIPALITIES.length + 1;
/** The calendar the domain's rules and the benchmark register cover. */
export const PILOT_FIRST_YEAR = 2016;
export const PILOT_LAST_YEAR = 2035;

/**
 * "Veel jonge klantmanagers vinden het leuk om gecertificeerd te worden [...] Mensen die al 20
 * jaar in het vak zitten, vinden het gek om zich opeens te moeten bewijzen": the young are
 * keen, the long-serving less diligent with their dossier.
 */
type Seniority = 'young' | 'experienced' | 'long-serving';

interface Participant extends Workplace {
  registrationDay: number;
  diligence: number;
}

const OBJECTION_HABITS: ObjectionHabits = {
  lodging: {
    AdmissionRefused: 0.35,
    CertificationRefused: 0.5,
    CertificateSuspended: 0.35,
    CertificateRevoked: 0.7,
  },
  upholding: {
    AdmissionRefused: 0.8,
    CertificationRefused: 0.85,
    CertificateSuspended: 0.3,
    CertificateRevoked: 0.2,
  },
  advisoryCommittee: 0.25,
  extension: 0.15,
  reviewCorrection: 0.5,
};

/**
 * The pilot as a simulation profile. Who works where, since when and how diligently is drawn
 * once, up front, from a generator of its own (so that Maastricht has its cohort whatever the
 * simulation draws); the rest of each life is simulated like any other register's.
 */
export function pilotProfile(settings: PilotSettings): SimulationProfile {
  const firstDay: LocalDate = `${settings.startYear}-01-01`;
  const lastDay: LocalDate = `${settings.startYear + settings.years - 1}-12-31`;
  const participants = pilotParticipants(settings, daysBetween(firstDay, lastDay) + 1);
  const participant = (index: number) => participants[index];
  return {
    firstDay,
    lastDay,
    schemes: [
      { on: firstDay, scheme: BVK_2016 },
      { on: firstDay > '2023-10-02' ? firstDay : '2023-10-02', scheme: BVK_2024 },
    ],
    registrationDay: (_prng, index) => participant(index).registrationDay,
    diligence: (_prng, index) => participant(index).diligence,
    workplace: (_prng, index) => {
      const { municipality, sector, experienceYears } = participant(index);
      return { municipality, sector, experienceYears };
    },
    municipalities: new Weighted([...PILOT_MUNICIPALITIES, [MAASTRICHT, 10]]),
    sharedPlan: (municipality) => (municipality === MAASTRICHT ? MAASTRICHT_BROAD_PLAN : undefined),
    // A small group watched closely: complaints come to light more often than in a register.
    incidentMeanYears: 20,
    objections: OBJECTION_HABITS,
  };
}

/** Maastricht's cohort first, then the other municipalities by weight, at least one each. */
function pilotParticipants(settings: PilotSettings, days: number): Participant[] {
  const prng = new Prng((settings.seed ^ 0x2016_0513) >>> 0);
  const cohort = Math.min(MAASTRICHT_COHORT, settings.professionals - PILOT_MUNICIPALITIES.length);
  const participants: Participant[] = [];
  for (let index = 0; index < cohort; index++) {
    participants.push({
      municipality: MAASTRICHT,
      sector: MAASTRICHT_SECTORS[index % MAASTRICHT_SECTORS.length],
      // Trained together from the start of the pilot.
      registrationDay: prng.int(10, Math.min(120, days - 1)),
      ...seniorityTraits(prng),
    });
  }
  const shares = apportion(
    settings.professionals - cohort,
    PILOT_MUNICIPALITIES.map(([, weight]) => weight),
  );
  PILOT_MUNICIPALITIES.forEach(([municipality], which) => {
    for (let count = 0; count < shares[which]; count++) {
      participants.push({
        municipality,
        sector: SECTORS.pick(prng),
        registrationDay: joiningDay(prng, days),
        ...seniorityTraits(prng),
      });
    }
  });
  return participants;
}

/** Most join in the pilot's first year; later hires join over the years that follow. */
function joiningDay(prng: Prng, days: number): number {
  if (days <= 366 || prng.chance(0.8)) {
    return Math.floor(prng.next() ** 1.5 * Math.min(300, days - 4)) + 3;
  }
  return prng.int(366, days - 30);
}

function seniorityTraits(prng: Prng): { experienceYears: number; diligence: number } {
  const roll = prng.next();
  const seniority: Seniority = roll < 0.35 ? 'young' : roll < 0.7 ? 'experienced' : 'long-serving';
  const experienceYears =
    seniority === 'young'
      ? // A few have not yet the two years that admission asks.
        prng.chance(0.12)
        ? prng.int(0, 1)
        : prng.int(2, 5)
      : seniority === 'experienced'
        ? prng.int(6, 15)
        : prng.int(16, 32);
  const keen = { young: 0.85, experienced: 0.75, 'long-serving': 0.55 }[seniority];
  return { experienceYears, diligence: drawDiligence(prng, keen) };
}

/** `total` split by weight, at least one each (largest remainder). */
function apportion(total: number, weights: readonly number[]): number[] {
  const spare = total - weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (spare * weight) / sum);
  const shares = exact.map((share) => 1 + Math.floor(share));
  const order = exact
    .map((share, index) => ({ index, remainder: share - Math.floor(share) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  let left = total - shares.reduce((a, b) => a + b, 0);
  for (const { index } of order) {
    if (left-- <= 0) break;
    shares[index]++;
  }
  return shares;
}
