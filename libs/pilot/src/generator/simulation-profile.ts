import {
  BVK_2016,
  daysBetween,
  type CONTESTABLE_DECISIONS,
  type LocalDate,
  type Scheme,
  type Sector,
} from '@vakregister/certification';
import type { Prng, Weighted } from './prng';
import { BVK_2024, MUNICIPALITIES, SECTORS } from './vocabulary';

/** Where a professional works and how long they have done the work. */
export interface Workplace {
  municipality: string;
  sector: Sector;
  experienceYears: number;
}

export type ContestableDecision = (typeof CONTESTABLE_DECISIONS)[number];

/** How often adverse decisions are contested, and how appeals members answer. */
export interface ObjectionHabits {
  /** Chance that a decision of this type is objected to. */
  lodging: Record<ContestableDecision, number>;
  /** Chance that an objection the record supports is upheld. */
  upholding: Record<ContestableDecision, number>;
  /** Chance that an objection is heard by an advisory committee (twelve weeks to decide). */
  advisoryCommittee: number;
  /** Chance that appeals extend the deadline once. */
  extension: number;
  /** Chance that an assessor re-approves each rejected activity a contested refusal excluded. */
  reviewCorrection: number;
}

/**
 * What distinguishes one simulated register from another: its calendar, its scheme versions and
 * its population. The simulator calls each hook at a fixed point of its run with its own
 * generator, so that a profile decides how many numbers it draws, and the same profile and
 * seed always give the same ledger.
 */
export interface SimulationProfile {
  firstDay: LocalDate;
  lastDay: LocalDate;
  /** Scheme versions with their publication dates; the first is published on the first day. */
  schemes: ReadonlyArray<{ on: LocalDate; scheme: Scheme }>;
  /** The day, counted from the first day, on which professional `index` registers. */
  registrationDay(prng: Prng, index: number): number;
  /** Activities a year of professional `index`: below about 8 the points run short. */
  diligence(prng: Prng, index: number): number;
  /** Drawn at registration. */
  workplace(prng: Prng, index: number): Workplace;
  /** Where professionals move to when they change municipality. */
  municipalities: Weighted<string>;
  /** A plan every professional of a municipality shares; undefined: each chooses their own. */
  sharedPlan?(municipality: string): readonly string[] | undefined;
  /** Mean years between incidents (complaints, breaches) of a certified professional. */
  incidentMeanYears: number;
  /** Absent: nobody objects. */
  objections?: ObjectionHabits;
}

/**
 * Activities a year of a keen professional (with chance `keen`) or of a reluctant one, whose
 * points run short and who renews late or lets the certificate lapse.
 */
export function drawDiligence(prng: Prng, keen: number): number {
  return prng.chance(keen) ? 8 + prng.next() * 7.5 : 3.5 + prng.next() * 4.5;
}

export const REGISTER_FIRST_DAY: LocalDate = '2016-01-01';
export const REGISTER_LAST_DAY: LocalDate = '2035-12-31';

/**
 * Twenty years of a national register, the ledger the projection benchmarks run on: professionals
 * from forty municipalities, a third joining in the first year, and no objections. Its draws
 * are the generator's original ones; changing them changes every cached benchmark ledger.
 */
export const REGISTER_PROFILE: SimulationProfile = {
  firstDay: REGISTER_FIRST_DAY,
  lastDay: REGISTER_LAST_DAY,
  schemes: [
    { on: REGISTER_FIRST_DAY, scheme: BVK_2016 },
    { on: '2023-10-02', scheme: BVK_2024 },
  ],
  registrationDay: (prng) =>
    // A third joins in the first year, when the register opens; the rest over 2017–2034.
    prng.chance(0.3)
      ? Math.floor(prng.next() ** 1.5 * 365) + 3
      : prng.int(366, daysBetween(REGISTER_FIRST_DAY, '2034-12-31')),
  diligence: (prng) => drawDiligence(prng, 0.8),
  workplace: (prng) => ({
    municipality: MUNICIPALITIES.pick(prng),
    sector: SECTORS.pick(prng),
    experienceYears: prng.chance(0.03) ? prng.int(0, 1) : prng.int(2, 25),
  }),
  municipalities: MUNICIPALITIES,
  incidentMeanYears: 30,
};
