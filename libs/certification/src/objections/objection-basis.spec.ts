import {
  admissionRefused,
  admitted,
  certifiedProfessional,
  decideObjectionCommand,
  givenProfessional,
  objectionLodged,
  refused,
  registered,
  requested,
  reviewCorrected,
  revoked,
  suspended,
} from '@vakregister/testing';
import {
  computeObjectionBasis,
  foldProfessional,
  type LocalDate,
  type ProfessionalEvent,
} from '@vakregister/certification';

/** The basis of the outcome of objection `o-1` in a history, on a date. */
function basisOf(
  history: ProfessionalEvent[],
  outcome: 'upheld' | 'rejected',
  decidedOn: LocalDate = '2017-04-03',
) {
  const state = foldProfessional(history);
  return computeObjectionBasis(state, state.objections['o-1'], outcome, decidedOn);
}

const contesting = (decisionId: string, decidedOn: LocalDate) =>
  objectionLodged('o-1', { decisionId, decidedOn });

describe('the basis of the decision on an objection', () => {
  it('names the contested decision and appends no remedy when rejected', () => {
    const history = [registered(), admissionRefused('2016-05-13', 'admission-1')];
    expect(basisOf([...history, contesting('admission-1', '2016-05-13')], 'rejected')).toEqual({
      contestedDecisionId: 'admission-1',
      contestedType: 'AdmissionRefused',
      correctedActivities: [],
      remedy: [],
    });
  });

  it.each<[string, ProfessionalEvent[], string, string[]]>([
    [
      'an admission refusal',
      [registered(), admissionRefused('2017-03-01', 'd-1')],
      'd-1',
      ['AdmissionGranted'],
    ],
    [
      'a certification refusal',
      [
        registered(),
        admitted(),
        requested('r-1', '2017-03-01'),
        refused('r-1', '2017-03-01', 'd-1'),
      ],
      'd-1',
      ['CertificateGranted'],
    ],
    [
      'a revocation',
      [...certifiedProfessional(), revoked('2017-03-01', 'd-1')],
      'd-1',
      ['RevocationReversed'],
    ],
    [
      'a suspension still running',
      [...certifiedProfessional(), suspended('d-1', '2017-03-01', '2017-09-01')],
      'd-1',
      ['SuspensionLifted'],
    ],
    // It ended by itself on its until date: nothing is left to lift.
    [
      'a suspension past its until date',
      [...certifiedProfessional(), suspended('d-1', '2017-03-01', '2017-04-01')],
      'd-1',
      [],
    ],
  ])(
    'upheld against %s, names the remedy that undoes it',
    (_label, history, decisionId, remedy) => {
      expect(basisOf([...history, contesting(decisionId, '2017-03-01')], 'upheld').remedy).toEqual(
        remedy,
      );
    },
  );

  it('lists the reviews corrected under this objection, each with its latest outcome', () => {
    const history = [
      registered(),
      admitted(),
      requested('r-1', '2016-05-13'),
      refused('r-1', '2016-05-13', 'd-1'),
      contesting('d-1', '2016-05-13'),
      objectionLodged('o-2', { decisionId: 'other', decidedOn: '2016-05-13' }),
      reviewCorrected('a-4', 'o-1', 'approved', '2016-06-01'),
      reviewCorrected('a-1', 'o-1', 'rejected', '2016-06-02'),
      reviewCorrected('a-4', 'o-1', 'rejected', '2016-06-03'),
      reviewCorrected('a-9', 'o-2', 'approved', '2016-06-03'),
    ];
    expect(basisOf(history, 'rejected', '2016-07-01').correctedActivities).toEqual([
      { activityId: 'a-4', outcome: 'rejected' },
      { activityId: 'a-1', outcome: 'rejected' },
    ]);
  });

  it('is what the decider stores, and the remedy it appends is the one the basis names', () => {
    const scenario = givenProfessional(
      certifiedProfessional(),
      suspended('d-1', '2017-03-01', '2017-09-01'),
      contesting('d-1', '2017-03-01'),
    ).on('2017-04-03');
    const [decided, ...remedies] = scenario.when(decideObjectionCommand('o-1', 'upheld')).events();
    const basis = computeObjectionBasis(
      scenario.state,
      scenario.state.objections['o-1'],
      'upheld',
      '2017-04-03',
    );
    expect(decided.data).toMatchObject({ basis });
    expect(remedies.map((event) => event.type)).toEqual(basis.remedy);
  });
});
