export interface RatioTarget {
  atLeast: number;
  /** How the ratio reads best: `2.00×` for speed-ups, `70%` for shares of a limit. */
  style: 'times' | 'percent';
}

export interface ReportRow {
  id: string;
  name: string;
  figure: number;
  unit: string;
  /** The row this one is compared with; a row without one is a limit or an environment figure. */
  baselineId?: string;
  target?: RatioTarget;
  /** How to show the ratio of a row without a target. */
  ratioStyle?: RatioTarget['style'];
  detail?: string;
}

export type Verdict = 'PASS' | 'MISS' | '';

interface ResolvedRow extends ReportRow {
  baseline?: ReportRow;
  ratio?: number;
  verdict: Verdict;
}

const COLUMNS = ['#', 'Measurement', 'Figure', 'Unit', 'Baseline', 'Ratio', 'Target', 'Result'];

export function renderReport(title: string, environment: string[], rows: ReportRow[]): string {
  const resolved = resolve(rows);
  const cells = resolved.map((row) => [
    row.id,
    row.name,
    formatFigure(row.figure, row.unit),
    row.unit,
    row.baseline
      ? `${row.baseline.id} ${formatFigure(row.baseline.figure, row.baseline.unit)}`
      : '',
    row.ratio === undefined
      ? ''
      : formatRatio(row.ratio, row.target?.style ?? row.ratioStyle ?? 'times'),
    row.target ? `≥ ${formatRatio(row.target.atLeast, row.target.style)}` : '',
    row.verdict,
  ]);
  const widths = COLUMNS.map((header, column) =>
    Math.max(header.length, ...cells.map((line) => line[column].length)),
  );
  // Text left, numbers right, as in any table one reads across.
  const numeric = new Set([2, 5, 6]);
  const line = (values: string[]) =>
    values
      .map((value, column) =>
        numeric.has(column) ? value.padStart(widths[column]) : value.padEnd(widths[column]),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');

  const details = resolved
    .filter((row) => row.detail)
    .map((row) => `  ${row.id.padEnd(widths[0])}  ${row.detail}`);
  const targets = resolved.filter((row) => row.target);
  const misses = resolved.flatMap((row) =>
    row.verdict === 'MISS' && row.target && row.baseline && row.ratio !== undefined
      ? [
          `*** MISS ${row.id} ${row.name}: ${formatRatio(row.ratio, row.target.style)} of ` +
            `${row.baseline.id}, target ≥ ${formatRatio(row.target.atLeast, row.target.style)}`,
        ]
      : [],
  );
  const summary =
    misses.length === 0
      ? `All ${targets.length} targets met.`
      : `${misses.join('\n')}\n${targets.length - misses.length} of ${targets.length} targets met.`;

  return [
    title,
    '='.repeat(title.length),
    ...environment,
    '',
    line(COLUMNS),
    rule,
    ...cells.map(line),
    '',
    'Details:',
    ...details,
    '',
    summary,
  ].join('\n');
}

function resolve(rows: ReportRow[]): ResolvedRow[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return rows.map((row) => {
    const baseline = row.baselineId === undefined ? undefined : byId.get(row.baselineId);
    if (row.baselineId !== undefined && !baseline) {
      throw new Error(`Row ${row.id} compares with missing row ${row.baselineId}`);
    }
    const ratio = baseline ? row.figure / baseline.figure : undefined;
    const verdict: Verdict =
      row.target && ratio !== undefined ? (ratio >= row.target.atLeast ? 'PASS' : 'MISS') : '';
    return { ...row, baseline, ratio, verdict };
  });
}

export function formatFigure(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  if (unit === 'ms') return value < 10 ? value.toFixed(3) : value.toFixed(1);
  return Math.round(value).toLocaleString('en-US');
}

export function formatRatio(ratio: number, style: RatioTarget['style']): string {
  return style === 'percent' ? `${(ratio * 100).toFixed(1)}%` : `${ratio.toFixed(2)}×`;
}
