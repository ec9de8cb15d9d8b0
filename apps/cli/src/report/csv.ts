import type { Cell } from './report-tables';

/** Text that a spreadsheet would run as a formula when it opens the file. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A field as RFC 4180 wants it: quoted (quotes doubled) when it holds a quote, comma or line
 * break. Text that a spreadsheet would take for a formula (a municipality typed as `=HYPERLINK(…)`)
 * gets a leading apostrophe, which spreadsheets show as text; numbers are written as they are.
 */
export function csvField(cell: Cell): string {
  const raw = cell === null ? '' : String(cell);
  const text = typeof cell === 'string' && FORMULA_START.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 text: a header row, then the rows, each line ending in CRLF. A null is an empty field. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
