import type { Scheme } from '@vakregister/certification';
import type { Reevaluation } from './decision-reevaluation';

/** Counts over the decisions compared; `notComparable` ones are in none of the other counts. */
export interface WhatIfFigures {
  reEvaluated: number;
  grantedAsRecorded: number;
  grantedUnderAlternative: number;
  newlyPassing: number;
  newlyFailing: number;
  notComparable: number;
}

export interface MunicipalityFigures extends WhatIfFigures {
  municipality: string;
}

/** The outcome of a what-if replay; every list is sorted, so equal inputs give equal reports. */
export interface WhatIfReport {
  alternative: { schemeId: string; effectiveFrom: string; pointsRequired: number };
  events: number;
  certificationDecisions: number;
  /** Decided before the alternative's `effectiveFrom`: left as recorded, in no figure below. */
  beforeAlternative: number;
  /** Re-evaluated refusals the recorded rules supported granting: they stay refused. */
  refusedOnJudgement: number;
  /** The scheme versions the alternative replaced, with how many decisions had used each. */
  replaced: Array<{ schemeId: string; decisions: number }>;
  /** What the facts of the not-comparable decisions use and the alternative lacks. */
  missing: { categories: string[]; competencies: string[]; requests: number };
  municipalities: MunicipalityFigures[];
  total: WhatIfFigures;
}

/** The municipality a decision counts under when its registration lacks one. */
export const UNKNOWN_MUNICIPALITY = '(unknown)';

/** Figures of no decision yet. */
export const noFigures = (): WhatIfFigures => ({
  reEvaluated: 0,
  grantedAsRecorded: 0,
  grantedUnderAlternative: 0,
  newlyPassing: 0,
  newlyFailing: 0,
  notComparable: 0,
});

function addTo(figures: WhatIfFigures, outcome: Reevaluation): void {
  if (outcome.kind === 'not-comparable') {
    figures.notComparable++;
    return;
  }
  if (outcome.kind !== 're-evaluated') return;
  const { grantedAsRecorded: before, grantedUnderAlternative: after } = outcome;
  figures.reEvaluated++;
  if (before) figures.grantedAsRecorded++;
  if (after) figures.grantedUnderAlternative++;
  if (after && !before) figures.newlyPassing++;
  if (before && !after) figures.newlyFailing++;
}

// Code-unit order, not locale order: the same on every machine and Node build.
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Accumulates re-evaluated decisions per municipality into a deterministic report. */
export class WhatIfTally {
  private readonly perMunicipality = new Map<string, WhatIfFigures>();
  private readonly total = noFigures();
  private readonly replaced = new Map<string, number>();
  private readonly missingCategories = new Set<string>();
  private readonly missingCompetencies = new Set<string>();
  private missingRequests = 0;
  private decisions = 0;
  private beforeAlternative = 0;
  private refusedOnJudgement = 0;

  constructor(private readonly alternative: Scheme) {}

  add(municipality: string, recordedSchemeId: string, outcome: Reevaluation): void {
    this.decisions++;
    if (outcome.kind === 'before-alternative') {
      this.beforeAlternative++;
      return;
    }
    const name = municipality === '' ? UNKNOWN_MUNICIPALITY : municipality;
    const figures = this.perMunicipality.get(name) ?? noFigures();
    this.perMunicipality.set(name, figures);
    addTo(figures, outcome);
    addTo(this.total, outcome);
    if (outcome.kind === 're-evaluated') {
      this.replaced.set(recordedSchemeId, (this.replaced.get(recordedSchemeId) ?? 0) + 1);
      if (outcome.refusedOnJudgement) this.refusedOnJudgement++;
    } else {
      outcome.missingCategories.forEach((id) => this.missingCategories.add(id));
      outcome.missingCompetencies.forEach((id) => this.missingCompetencies.add(id));
      if (outcome.requestMissing) this.missingRequests++;
    }
  }

  report(events: number): WhatIfReport {
    const { schemeId, effectiveFrom, pointsRequired } = this.alternative;
    return {
      alternative: { schemeId, effectiveFrom, pointsRequired },
      events,
      certificationDecisions: this.decisions,
      beforeAlternative: this.beforeAlternative,
      refusedOnJudgement: this.refusedOnJudgement,
      replaced: [...this.replaced.keys()]
        .sort(byCodeUnits)
        .map((id) => ({ schemeId: id, decisions: this.replaced.get(id)! })),
      missing: {
        categories: [...this.missingCategories].sort(byCodeUnits),
        competencies: [...this.missingCompetencies].sort(byCodeUnits),
        requests: this.missingRequests,
      },
      municipalities: [...this.perMunicipality.keys()]
        .sort(byCodeUnits)
        .map((municipality) => ({ municipality, ...this.perMunicipality.get(municipality)! })),
      total: { ...this.total },
    };
  }
}
