import type { WhatIfFigures, WhatIfReport } from './what-if-report';

const COLUMNS: Array<[keyof WhatIfFigures, string]> = [
  ['reEvaluated', 're-evaluated'],
  ['grantedAsRecorded', 'granted as recorded'],
  ['grantedUnderAlternative', 'granted under alternative'],
  ['newlyPassing', 'newly passing'],
  ['newlyFailing', 'newly failing'],
  ['notComparable', 'not comparable'],
];

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** How the alternative was applied, so that the figures below it can be read on their own. */
function header(report: WhatIfReport): string[] {
  const { schemeId, effectiveFrom, pointsRequired } = report.alternative;
  const replaced = report.replaced.map(({ schemeId: id, decisions }) => `${id} (${decisions})`);
  const lines = [
    `What-if under ${schemeId} (${pointsRequired} points required), in place of the scheme version each certification decision from ${effectiveFrom} used${replaced.length > 0 ? `: ${replaced.join(', ')}` : ''}.`,
    'Each decision is re-evaluated on its own, on the facts as recorded at that point in the log (activities, reviews, plan, cycle, decision date); an outcome that changes does not change later decisions.',
    `A refusal the recorded rules supported granting was the committee's judgement and stays refused (${report.refusedOnJudgement}).`,
    `${plural(report.events, 'event', 'events')}, ${plural(report.certificationDecisions, 'certification decision', 'certification decisions')}; ${report.beforeAlternative} decided before ${effectiveFrom} left as recorded.`,
  ];
  const { categories, competencies, requests } = report.missing;
  const lacks = [
    ...categories.map((id) => `category ${id}`),
    ...competencies.map((id) => `competency ${id}`),
    ...(requests > 0 ? [`the request (${requests})`] : []),
  ];
  if (report.total.notComparable > 0) {
    lines.push(
      `Not comparable: ${plural(report.total.notComparable, 'decision rests', 'decisions rest')} on what the alternative lacks or the log does not hold: ${lacks.join(', ')}.`,
    );
  }
  return lines;
}

/** The report as a plain-text table per municipality with a total row; the same report, the same text. */
export function formatWhatIfReport(report: WhatIfReport): string {
  const rows: string[][] = [
    ['municipality', ...COLUMNS.map(([, title]) => title)],
    ...report.municipalities.map((row) => [
      row.municipality,
      ...COLUMNS.map(([key]) => String(row[key])),
    ]),
    ['total', ...COLUMNS.map(([key]) => String(report.total[key]))],
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const render = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]),
      )
      .join('  ');
  const table = rows.map(render);
  const rule = '-'.repeat(table[0].length);
  return [
    ...header(report),
    '',
    table[0],
    rule,
    ...table.slice(1, -1),
    rule,
    table[table.length - 1],
    '',
  ].join('\n');
}
