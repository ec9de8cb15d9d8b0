import type { LocalDate } from '../shared/calendar';

export const CATEGORY_IDS = ['scholing', 'reflectie', 'vrije-ruimte'] as const;

export interface SchemeCategory {
  id: string;
  /** Points the category must contribute at least. */
  min?: number;
  /** Points of the category that count at most. */
  max?: number;
}

export interface SchemeCompetency {
  id: string;
  name: string;
}

/** A version of the certification rules, in force from `effectiveFrom`. Every number lives here. */
export interface Scheme {
  schemeId: string;
  effectiveFrom: LocalDate;
  cycleYears: number;
  pointsRequired: number;
  categories: SchemeCategory[];
  competencies: SchemeCompetency[];
  planMin: number;
  planMax: number;
  minPointsPerPlannedCompetency: number;
  maxHoursPerActivity: number;
  renewalWindowMonths: number;
  maxSuspensionMonths: number;
  admission: { minExperienceYears: number; diplomaLevels: string[] };
}

/** The scheme of PRODUCT.md, published by the system on first start of an empty ledger. */
export const BVK_2016: Scheme = {
  schemeId: 'bvk-2016',
  effectiveFrom: '2016-01-01',
  cycleYears: 4,
  pointsRequired: 160,
  categories: [
    { id: 'scholing', min: 60 },
    { id: 'reflectie', min: 40 },
    { id: 'vrije-ruimte', max: 60 },
  ],
  competencies: [
    { id: 'methodisch-werken', name: 'Methodisch werken' },
    { id: 'gespreksvoering', name: 'Gespreksvoering' },
    { id: 'analyse-en-diagnose', name: 'Analyse en diagnose' },
    { id: 'wet-en-regelgeving', name: 'Wet- en regelgeving' },
    { id: 'integraal-samenwerken', name: 'Integraal samenwerken' },
    { id: 'beinvloeden-en-motiveren', name: 'Beïnvloeden en motiveren' },
    { id: 'reflectie-en-ontwikkeling', name: 'Reflectie en ontwikkeling' },
  ],
  planMin: 2,
  planMax: 4,
  minPointsPerPlannedCompetency: 10,
  maxHoursPerActivity: 40,
  renewalWindowMonths: 6,
  maxSuspensionMonths: 12,
  admission: { minExperienceYears: 2, diplomaLevels: ['hbo', 'wo'] },
};

/**
 * The version in force on a date: the latest `effectiveFrom` on or before it; of versions with
 * the same date, the one published last.
 */
export function schemeInForce(schemes: readonly Scheme[], date: LocalDate): Scheme | undefined {
  let found: Scheme | undefined;
  for (const scheme of schemes) {
    if (scheme.effectiveFrom <= date && (!found || scheme.effectiveFrom >= found.effectiveFrom)) {
      found = scheme;
    }
  }
  return found;
}
