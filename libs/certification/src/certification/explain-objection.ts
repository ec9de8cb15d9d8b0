import type { ObjectionBasis, ObjectionDecided } from '../professional/professional-events';
import { REMEDY_WORDS, decisionWords } from './decision-names';
import type { Explanation } from './explain-decision';

/**
 * Explains the decision on an objection from its stored basis: what was contested, which reviews
 * were corrected meanwhile, and what the outcome set right.
 */
export function explainObjection(
  data: ObjectionDecided['data'],
  basis: ObjectionBasis,
): Explanation {
  const upheld = data.outcome === 'upheld';
  const [typeNl, typeEn] = decisionWords(basis.contestedType);
  const corrections = basis.correctedActivities;
  const listNl = corrections
    .map((c) => `${c.activityId} ${c.outcome === 'approved' ? 'goedgekeurd' : 'afgekeurd'}`)
    .join(', ');
  const listEn = corrections.map((c) => `${c.activityId} ${c.outcome}`).join(', ');
  const correctedNl =
    corrections.length === 0
      ? 'Tijdens het bezwaar is geen beoordeling herzien.'
      : `Tijdens het bezwaar ${corrections.length === 1 ? 'is 1 beoordeling' : `zijn ${corrections.length} beoordelingen`} herzien: ${listNl}.`;
  const correctedEn =
    corrections.length === 0
      ? 'No review was corrected while the objection was open.'
      : `${corrections.length} review${corrections.length === 1 ? ' was' : 's were'} corrected while the objection was open: ${listEn}.`;
  const remedyNl = basis.remedy.map((kind) => REMEDY_WORDS[kind][0]).join('; ');
  const remedyEn = basis.remedy.map((kind) => REMEDY_WORDS[kind][1]).join('; ');
  const resultNl = !upheld
    ? 'Het besluit blijft in stand.'
    : remedyNl
      ? `Herstel: ${remedyNl}.`
      : 'Er was niets meer te herstellen: het besluit had geen gevolg meer.';
  const resultEn = !upheld
    ? 'The decision stands.'
    : remedyEn
      ? `Remedy: ${remedyEn}.`
      : 'Nothing was left to undo: the decision no longer had effect.';
  return {
    nl: `Op ${data.decidedOn} is het bezwaar tegen besluit ${basis.contestedDecisionId} (${typeNl}) ${upheld ? 'gegrond' : 'ongegrond'} verklaard. ${correctedNl} ${resultNl}`,
    en: `On ${data.decidedOn} the objection against decision ${basis.contestedDecisionId} (${typeEn}) was ${upheld ? 'upheld' : 'rejected'}. ${correctedEn} ${resultEn}`,
  };
}
