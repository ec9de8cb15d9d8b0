import type { AdmissionBasis } from '../professional/professional-events';
import type { Explanation } from './explain-decision';

/** Explains an admission decision from its stored basis, requirement by requirement. */
export function explainAdmission(
  outcome: 'granted' | 'refused',
  decidedOn: string,
  basis: AdmissionBasis,
  remedyOf?: { objectionId: string },
): Explanation {
  const { diplomaOrEvc, experienceYears, codeSigned } = basis.requirements;
  const met = (ok: boolean) => (ok ? ['voldaan', 'met'] : ['niet voldaan', 'not met']);
  const levels = diplomaOrEvc.required;
  const diplomaNl = [
    diplomaOrEvc.given.diplomaLevel ? `diploma ${diplomaOrEvc.given.diplomaLevel}` : 'geen diploma',
    ...(diplomaOrEvc.given.evc ? ['EVC-verklaring'] : []),
  ].join(', ');
  const diplomaEn = [
    diplomaOrEvc.given.diplomaLevel ? `${diplomaOrEvc.given.diplomaLevel} diploma` : 'no diploma',
    ...(diplomaOrEvc.given.evc ? ['EVC statement'] : []),
  ].join(', ');
  // The unmet texts are English; the Dutch names the requirements from the flags instead.
  const unmetNl = [
    ...(diplomaOrEvc.met ? [] : ['diploma of EVC']),
    ...(experienceYears.met ? [] : ['werkervaring']),
    ...(codeSigned.met ? [] : ['beroepscode']),
  ];
  const onObjection = remedyOf !== undefined;
  const summaryNl = basis.unmet.length
    ? ` Niet voldaan: ${unmetNl.join(', ')}.${onObjection ? ' De toelating volgt uit de beslissing op het bezwaar.' : ''}`
    : ` Aan alle toegangseisen is voldaan.${outcome === 'refused' ? ' De weigering berust op de vermelde redenen.' : ''}`;
  const summaryEn = basis.unmet.length
    ? ` Not met: ${basis.unmet.join('; ')}.${onObjection ? ' The admission follows from the decision on the objection.' : ''}`
    : ` Every admission requirement is met.${outcome === 'refused' ? ' The refusal rests on the reasons stated.' : ''}`;
  return {
    nl:
      `Op ${decidedOn} is toelating ${outcome === 'granted' ? 'verleend' : 'geweigerd'} onder regeling ${basis.schemeId}` +
      `${onObjection ? ` (na gegrond bezwaar ${remedyOf.objectionId})` : ''}. ` +
      `Diploma of EVC: ${diplomaNl}; vereist is een diploma op niveau ${levels.join(' of ')} of een EVC-verklaring (${met(diplomaOrEvc.met)[0]}). ` +
      `Werkervaring: ${experienceYears.given} jaar, vereist ten minste ${experienceYears.required} (${met(experienceYears.met)[0]}). ` +
      `Beroepscode: ${codeSigned.met ? 'ondertekend' : 'niet ondertekend'} (${met(codeSigned.met)[0]}).${summaryNl}`,
    en:
      `On ${decidedOn} admission was ${outcome} under scheme ${basis.schemeId}` +
      `${onObjection ? ` (on upheld objection ${remedyOf.objectionId})` : ''}. ` +
      `Diploma or EVC: ${diplomaEn}; a diploma of level ${levels.join(' or ')} or an EVC statement is required (${met(diplomaOrEvc.met)[1]}). ` +
      `Experience: ${experienceYears.given} years, at least ${experienceYears.required} required (${met(experienceYears.met)[1]}). ` +
      `Professional code: ${codeSigned.met ? 'signed' : 'not signed'} (${met(codeSigned.met)[1]}).${summaryEn}`,
  };
}
