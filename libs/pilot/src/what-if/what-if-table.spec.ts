import { noFigures, type WhatIfFigures, type WhatIfReport } from './what-if-report';
import { formatWhatIfReport } from './what-if-table';

const figures = (values: Partial<WhatIfFigures>): WhatIfFigures => ({
  ...noFigures(),
  ...values,
});

const report: WhatIfReport = {
  alternative: { schemeId: 'what-if-120', effectiveFrom: '2016-01-01', pointsRequired: 120 },
  events: 812,
  certificationDecisions: 14,
  beforeAlternative: 1,
  refusedOnJudgement: 2,
  replaced: [{ schemeId: 'bvk-2016', decisions: 12 }],
  missing: { categories: ['vrije-ruimte'], competencies: [], requests: 0 },
  municipalities: [
    {
      municipality: 'Maastricht',
      ...figures({ reEvaluated: 10, grantedAsRecorded: 6, grantedUnderAlternative: 9 }),
      newlyPassing: 3,
    },
    { municipality: 'Zwolle', ...figures({ reEvaluated: 2, newlyFailing: 1, notComparable: 1 }) },
  ],
  total: figures({
    reEvaluated: 12,
    grantedAsRecorded: 6,
    grantedUnderAlternative: 9,
    newlyPassing: 3,
    newlyFailing: 1,
    notComparable: 1,
  }),
};

describe('formatWhatIfReport', () => {
  const text = formatWhatIfReport(report);
  const lines = text.split('\n');

  it('states how the alternative applied before the figures', () => {
    expect(lines[0]).toBe(
      'What-if under what-if-120 (120 points required), in place of the scheme version each certification decision from 2016-01-01 used: bvk-2016 (12).',
    );
    expect(text).toContain('Each decision is re-evaluated on its own');
    expect(text).toContain('stays refused (2)');
    expect(text).toContain('812 events, 14 certification decisions; 1 decided before 2016-01-01');
    expect(text).toContain('Not comparable: 1 decision rests on what the alternative lacks');
    expect(text).toContain('category vrije-ruimte');
  });

  it('prints one right-aligned row per municipality, in the report order, and the total last', () => {
    const table = lines.slice(lines.indexOf('') + 1).filter((line) => !/^-+$/.test(line));
    expect(table.map((line) => line.split(/\s{2,}/))).toEqual([
      [
        'municipality',
        're-evaluated',
        'granted as recorded',
        'granted under alternative',
        'newly passing',
        'newly failing',
        'not comparable',
      ],
      ['Maastricht', '10', '6', '9', '3', '0', '0'],
      ['Zwolle', '2', '0', '0', '0', '1', '1'],
      ['total', '12', '6', '9', '3', '1', '1'],
      [''],
    ]);
    const widths = new Set(table.slice(0, -1).map((line) => line.length));
    expect(widths.size).toBe(1);
  });
});
