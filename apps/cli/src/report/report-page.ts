import { escapeHtml } from './escape-html';
import type { Cell, ReportTable } from './report-tables';

export interface ReportSection {
  table: ReportTable;
  /** The table's chart, as rendered SVG markup (escaped by its renderer). */
  svg: string;
}

export interface ReportPageContent {
  title: string;
  asOf: string;
  /** Position of the last ledger event the figures include; undefined for an empty ledger. */
  position: bigint | undefined;
  /** Where the events came from, in words. */
  source: string;
  sections: readonly ReportSection[];
}

/** Shown where a figure does not exist, such as a median without any certificate. */
export const NO_FIGURE = '—';

// Inline, like everything else: the page must open without a network.
const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }
  header p { margin: 0.2rem 0; color: #555; }
  section { margin-top: 2.5rem; }
  figure { margin: 1rem 0; overflow-x: auto; }
  table { border-collapse: collapse; }
  th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.8rem; text-align: left; }
  td.number { text-align: right; font-variant-numeric: tabular-nums; }
`;

function cell(value: Cell): string {
  if (value === null) return `<td class="number">${NO_FIGURE}</td>`;
  if (typeof value === 'number') return `<td class="number">${value}</td>`;
  return `<td>${escapeHtml(value)}</td>`;
}

function table({ columns, rows }: ReportTable): string {
  if (rows.length === 0) return '<p>No figures as of this date.</p>';
  const head = columns
    .map(
      ({ key, label }) => `<th scope="col" data-key="${escapeHtml(key)}">${escapeHtml(label)}</th>`,
    )
    .join('');
  const body = rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function section({ table: content, svg }: ReportSection): string {
  return [
    `<section id="${escapeHtml(content.name)}">`,
    `<h2>${escapeHtml(content.title)}</h2>`,
    `<figure>${svg}</figure>`,
    table(content),
    '</section>',
  ].join('\n');
}

/**
 * The report as one self-contained HTML document: inline CSS and SVG, no scripts, and a content
 * security policy that forbids loading anything, so that it opens the same offline.
 */
export function reportPage(content: ReportPageContent): string {
  const basis =
    content.position === undefined
      ? 'The ledger is empty.'
      : `Figures based on the ledger up to and including position <data id="position" value="${content.position}">${content.position}</data>.`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(content.title)}</h1>
<p>As of <time id="as-of" datetime="${escapeHtml(content.asOf)}">${escapeHtml(content.asOf)}</time>. ${basis}</p>
<p>Source: ${escapeHtml(content.source)}. Aggregates only: no names.</p>
</header>
${content.sections.map(section).join('\n')}
</body>
</html>
`;
}
