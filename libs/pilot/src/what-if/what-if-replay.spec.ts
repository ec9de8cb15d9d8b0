import {
  BVK_2016,
  SCHEMES_STREAM,
  professionalStream,
  type LocalDate,
  type ProfessionalEvent,
  type Scheme,
} from '@vakregister/certification';
import { ExportFormatError, deterministicUuid } from '@vakregister/ledger';
import { PLAN, professionalLife, registerCommand, schemeVersion } from '@vakregister/testing';
import { replayWhatIf } from './what-if-replay';
import type { WhatIfFigures, WhatIfReport } from './what-if-report';

/** The recorded rules of these histories: bvk-2016 with 150 points instead of 160. */
const RECORDED = schemeVersion({ schemeId: 'bvk-150', pointsRequired: 150 });
const alternative = (pointsRequired: number, overrides: Partial<Scheme> = {}) =>
  schemeVersion({ schemeId: `what-if-${pointsRequired}`, pointsRequired, ...overrides });

type Hours = Array<[category: string, hours: number]>;
/** 150 points: scholing 60, reflectie 40, vrije-ruimte 50. */
const POINTS_150: Hours = [
  ['scholing', 40],
  ['scholing', 20],
  ['reflectie', 40],
  ['vrije-ruimte', 40],
  ['vrije-ruimte', 10],
];
/** 130 points: scholing 60, reflectie 40, vrije-ruimte 30. */
const POINTS_130: Hours = [
  ['scholing', 40],
  ['scholing', 20],
  ['reflectie', 40],
  ['vrije-ruimte', 30],
];

interface Candidate {
  id: string;
  municipality: string;
  hours: Hours;
  outcome: 'granted' | 'refused';
  decidedOn?: LocalDate;
}

/** A professional's life decided command by command by the domain's deciders. */
function life({ id, municipality, hours, outcome, decidedOn = '2016-05-20' }: Candidate) {
  const lived = professionalLife([RECORDED]);
  lived.decide('2016-01-04', registerCommand({ professionalId: id, municipality }));
  lived.decide('2016-01-15', {
    type: 'DecideAdmission',
    data: { outcome: 'admitted', reasons: ['meets all'] },
  });
  lived.decide('2016-01-20', { type: 'SetDevelopmentPlan', data: { competencies: PLAN } });
  for (const [category, points] of hours) activity(lived, category, points);
  const [request] = lived.decide('2016-05-13', { type: 'RequestCertification', data: {} });
  lived.decide(decidedOn, {
    type: 'DecideCertification',
    data: { requestId: idOf(request, 'requestId'), outcome, reasons: ['as the basis shows'] },
  });
  return lived;
}

function activity(lived: ReturnType<typeof professionalLife>, category: string, hours: number) {
  const [logged] = lived.decide('2016-02-01', {
    type: 'LogActivity',
    data: { title: category, category, hours, competencies: PLAN, completedOn: '2016-02-01' },
  });
  lived.decide('2016-02-02', {
    type: 'ReviewActivity',
    data: { activityId: idOf(logged, 'activityId'), outcome: 'approved', reason: 'ok' },
  });
}

function idOf(event: ProfessionalEvent, key: string): string {
  return (event.data as unknown as Record<string, string>)[key];
}

/** Streams interleaved into one log, exported as `vakregister export` writes it. */
function exported(streams: Array<[streamId: string, events: readonly object[]]>): string[] {
  const revisions = new Map<string, number>();
  const line = (streamId: string, event: object) => {
    const revision = revisions.get(streamId) ?? 0;
    revisions.set(streamId, revision + 1);
    const { type, data } = event as { type: string; data: object };
    return JSON.stringify({
      streamId,
      revision: String(revision),
      id: deterministicUuid(streamId, String(revision)),
      type,
      data,
      metadata: { recordedAt: '2016-05-20T10:00:00.000Z' },
    });
  };
  const longest = Math.max(...streams.map(([, events]) => events.length));
  const lines: string[] = [];
  for (let index = 0; index < longest; index++) {
    for (const [streamId, events] of streams) {
      if (index < events.length) lines.push(line(streamId, events[index]));
    }
  }
  return lines;
}

function ledgerOf(...candidates: Candidate[]): string[] {
  return exported([
    [SCHEMES_STREAM, [{ type: 'SchemePublished', data: RECORDED }]],
    ...candidates.map((candidate): [string, ProfessionalEvent[]] => [
      professionalStream(candidate.id),
      life(candidate).events,
    ]),
  ]);
}

/** A municipality's figures without its name, to compare with `figures(…)`. */
function figuresOf(report: WhatIfReport, name: string): WhatIfFigures | undefined {
  const row = report.municipalities.find((candidate) => candidate.municipality === name);
  if (!row) return undefined;
  const { municipality: _municipality, ...figures } = row;
  return figures;
}

/** Figures in the order of the table's columns. */
const figures = (
  reEvaluated: number,
  grantedAsRecorded: number,
  grantedUnderAlternative: number,
  newlyPassing: number,
  newlyFailing: number,
  notComparable = 0,
): WhatIfFigures => ({
  reEvaluated,
  grantedAsRecorded,
  grantedUnderAlternative,
  newlyPassing,
  newlyFailing,
  notComparable,
});

describe('what-if replay', () => {
  const passes150: Candidate = {
    id: 'p-150',
    municipality: 'Nijmegen',
    hours: POINTS_150,
    outcome: 'granted',
  };
  const refused130: Candidate = {
    id: 'p-130',
    municipality: 'Maastricht',
    hours: POINTS_130,
    outcome: 'refused',
  };

  it('fails under 160 a professional granted with 150 points', async () => {
    const report = await replayWhatIf(ledgerOf(passes150), alternative(160));
    expect(report.total).toEqual(figures(1, 1, 0, 0, 1));
    expect(report.replaced).toEqual([{ schemeId: 'bvk-150', decisions: 1 }]);
  });

  it('passes under 120 a professional refused with 130 points, and keeps the 150 granted', async () => {
    const report = await replayWhatIf(ledgerOf(passes150, refused130), alternative(120));
    expect(figuresOf(report, 'Maastricht')).toEqual(figures(1, 0, 1, 1, 0));
    expect(figuresOf(report, 'Nijmegen')).toEqual(figures(1, 1, 1, 0, 0));
    expect(report.total).toEqual(figures(2, 1, 2, 1, 0));
  });

  it('changes nothing under the recorded rules themselves', async () => {
    const report = await replayWhatIf(
      ledgerOf(passes150, refused130),
      alternative(150, { schemeId: 'bvk-150-again' }),
    );
    expect(report.total).toEqual(figures(2, 1, 1, 0, 0));
  });

  it('keeps a category minimum of the alternative: 130 points with 20 of reflectie still fail', async () => {
    const thinReflection: Candidate = {
      id: 'p-thin',
      municipality: 'Zwolle',
      hours: [
        ['scholing', 40],
        ['scholing', 40],
        ['reflectie', 20],
        ['vrije-ruimte', 30],
      ],
      outcome: 'refused',
    };
    const report = await replayWhatIf(ledgerOf(thinReflection), alternative(120));
    expect(report.total).toEqual(figures(1, 0, 0, 0, 0));
  });

  it('keeps a refusal the recorded rules supported: that was the committee judging', async () => {
    const judged: Candidate = { ...passes150, id: 'p-judged', outcome: 'refused' };
    const report = await replayWhatIf(ledgerOf(judged), alternative(120));
    expect(report.total).toEqual(figures(1, 0, 0, 0, 0));
    expect(report.refusedOnJudgement).toBe(1);
  });

  it('judges each decision on the facts of its own moment, not on what came later', async () => {
    // Refused with 130 points under 150; then 20 more points and a second request, granted.
    const lived = life(refused130);
    activity(lived, 'scholing', 20);
    const [request] = lived.decide('2016-06-01', { type: 'RequestCertification', data: {} });
    lived.decide('2016-06-02', {
      type: 'DecideCertification',
      data: { requestId: idOf(request, 'requestId'), outcome: 'granted', reasons: ['enough'] },
    });
    const lines = exported([
      [SCHEMES_STREAM, [{ type: 'SchemePublished', data: RECORDED }]],
      [professionalStream(refused130.id), lived.events],
    ]);
    // Under 140 the first decision (130 points) still fails and the second (150) still passes.
    const report = await replayWhatIf(lines, alternative(140));
    expect(report.total).toEqual(figures(2, 1, 1, 0, 0));
  });

  it('leaves decisions before the alternative takes effect as recorded', async () => {
    const report = await replayWhatIf(
      ledgerOf(passes150, { ...refused130, decidedOn: '2016-07-01' }),
      alternative(120, { effectiveFrom: '2016-06-01' }),
    );
    expect(report.certificationDecisions).toBe(2);
    expect(report.beforeAlternative).toBe(1);
    expect(report.municipalities.map((row) => row.municipality)).toEqual(['Maastricht']);
    expect(report.total).toEqual(figures(1, 0, 1, 1, 0));
  });

  it('reports a category or competency the alternative lacks instead of counting it', async () => {
    const withoutFreeSpace = alternative(100, {
      categories: [
        { id: 'scholing', min: 60 },
        { id: 'reflectie', min: 40 },
      ],
    });
    const renamed = alternative(120, {
      competencies: BVK_2016.competencies.map(({ id, name }) => ({ id: `nieuw-${id}`, name })),
    });
    for (const scheme of [withoutFreeSpace, renamed]) {
      const report = await replayWhatIf(ledgerOf(passes150), scheme);
      expect(report.total).toEqual(figures(0, 0, 0, 0, 0, 1));
      expect(figuresOf(report, 'Nijmegen')).toEqual(figures(0, 0, 0, 0, 0, 1));
    }
    expect((await replayWhatIf(ledgerOf(passes150), withoutFreeSpace)).missing).toEqual({
      categories: ['vrije-ruimte'],
      competencies: [],
      requests: 0,
    });
    expect((await replayWhatIf(ledgerOf(passes150), renamed)).missing).toEqual({
      categories: [],
      competencies: [...PLAN].sort(),
      requests: 0,
    });
  });

  it('needs no personal field: ciphertext in their place gives the same report', async () => {
    const lines = ledgerOf(passes150, refused130);
    const opaque = lines.map((line) =>
      line.replace(
        /"(name|email|title|reason)":"[^"]*"|"reasons":\[[^\]]*\]/g,
        (field) => `${field.slice(0, field.indexOf(':'))}:"enc:v1:AAAA"`,
      ),
    );
    expect(opaque.join('\n')).not.toContain('Fatima');
    expect(await replayWhatIf(opaque, alternative(120))).toEqual(
      await replayWhatIf(lines, alternative(120)),
    );
  });

  it('sorts municipalities and gives equal reports for equal inputs', async () => {
    const lines = ledgerOf({ ...passes150, id: 'p-z', municipality: 'Zwolle' }, refused130, {
      ...passes150,
      id: 'p-a',
      municipality: "'s-Hertogenbosch",
    });
    const first = await replayWhatIf(lines, alternative(120));
    expect(first.municipalities.map((row) => row.municipality)).toEqual([
      "'s-Hertogenbosch",
      'Maastricht',
      'Zwolle',
    ]);
    expect(JSON.stringify(await replayWhatIf(lines, alternative(120)))).toBe(JSON.stringify(first));
  });

  it('names a malformed line by its number, blank lines counted', async () => {
    const lines = ledgerOf(passes150);
    const broken = [...lines.slice(0, 2), '', '{"streamId": "x"', ...lines.slice(2)];
    await expect(replayWhatIf(broken, alternative(120))).rejects.toThrow(
      new ExportFormatError(4, 'not valid JSON'),
    );
  });

  it('refuses an event type the domain does not know on a professional stream', async () => {
    const lines = ledgerOf(passes150);
    const strange = lines.map((line, index) =>
      index === 3 ? line.replace(/"type":"[A-Za-z]+"/, '"type":"ProfessionalTeleported"') : line,
    );
    await expect(replayWhatIf(strange, alternative(120))).rejects.toThrow(
      /^Line 4: unknown event type ProfessionalTeleported on professional-p-150$/,
    );
  });
});
