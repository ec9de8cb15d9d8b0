import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartSpec } from './chart-specs';
import { toCsv } from './csv';
import type { ReportData } from './collect-report-data';
import { renderChart } from './render-chart';
import { reportPage } from './report-page';
import { reportTables } from './report-tables';

export const REPORT_TITLE = 'Vakregister pilot report';

/**
 * Writes the HTML report to `out` and, given `csvDir`, one CSV per table there: the page's
 * tables, its charts and the CSV files are all made from the same tables.
 */
export async function writeReport(
  data: ReportData,
  target: { out: string; csvDir?: string; source: string },
): Promise<void> {
  const tables = reportTables(data.analytics);
  const sections = [];
  for (const table of tables) sections.push({ table, svg: await renderChart(chartSpec(table)) });
  writeFileSync(
    target.out,
    reportPage({
      title: REPORT_TITLE,
      asOf: data.analytics.asOf,
      position: data.position,
      source: target.source,
      sections,
    }),
  );
  if (target.csvDir === undefined) return;
  mkdirSync(target.csvDir, { recursive: true });
  for (const table of tables) {
    writeFileSync(
      join(target.csvDir, `${table.name}.csv`),
      toCsv(
        table.columns.map((column) => column.key),
        table.rows,
      ),
    );
  }
}
