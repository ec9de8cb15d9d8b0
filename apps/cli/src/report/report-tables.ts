import type { PilotAnalytics, PilotGroup } from '@vakregister/projections';

/** A table cell: text, a count, or null where the figure does not exist (yet). */
export type Cell = string | number | null;

export interface Column {
  /** Machine name: the CSV header and the chart field, the same as the analytics endpoint's. */
  key: string;
  /** What a reader of the HTML page sees. */
  label: string;
}

export type TableName =
  'certification-funnel' | 'time-to-certification' | 'points-per-competency' | 'objection-outcomes';

export interface ReportTable {
  /** Identifies the table: the CSV file name and the HTML section id. */
  name: TableName;
  title: string;
  columns: readonly Column[];
  rows: Cell[][];
}

const GROUP_COLUMNS: readonly Column[] = [
  { key: 'municipality', label: 'Municipality' },
  { key: 'sector', label: 'Sector' },
];

/** The figures of a group that are a number (or null where there is none). */
type GroupFigure = {
  [K in keyof PilotGroup]: PilotGroup[K] extends number | null ? K : never;
}[keyof PilotGroup];

const byCodePoint = (a: string, b: string) => Number(a > b) - Number(a < b);

/**
 * The report's tables at the grain of the analytics endpoint (one row per municipality and
 * sector, or per competency within one), so that every number can be traced to the endpoint's
 * answer; the charts sum over sectors where the figures add up.
 */
export function reportTables({ groups }: PilotAnalytics): ReportTable[] {
  const perGroup = (
    name: TableName,
    title: string,
    figures: readonly { key: GroupFigure; label: string }[],
  ): ReportTable => ({
    name,
    title,
    columns: [...GROUP_COLUMNS, ...figures],
    rows: groups.map((group) => [
      group.municipality,
      group.sector,
      ...figures.map(({ key }) => group[key]),
    ]),
  });
  return [
    perGroup('certification-funnel', 'Certification funnel', [
      { key: 'registered', label: 'Registered' },
      { key: 'admitted', label: 'Admitted' },
      { key: 'certified', label: 'Certified' },
    ]),
    perGroup('time-to-certification', 'Time to certification', [
      { key: 'certified', label: 'Certified' },
      { key: 'medianDaysToCertification', label: 'Median days from registration' },
    ]),
    {
      name: 'points-per-competency',
      title: 'Points per competency',
      columns: [
        ...GROUP_COLUMNS,
        { key: 'competency', label: 'Competency' },
        { key: 'points', label: 'Approved hours' },
      ],
      rows: groups.flatMap((group) =>
        Object.keys(group.pointsPerCompetency)
          .sort(byCodePoint)
          .map((competency) => [
            group.municipality,
            group.sector,
            competency,
            group.pointsPerCompetency[competency],
          ]),
      ),
    },
    perGroup('objection-outcomes', 'Objection outcomes', [
      { key: 'objectionsLodged', label: 'Lodged' },
      { key: 'objectionsUpheld', label: 'Upheld' },
    ]),
  ];
}

/** The rows as records keyed by column key: the data of a chart. */
export function tableRecords(table: ReportTable): Record<string, Cell>[] {
  return table.rows.map((row) =>
    Object.fromEntries(table.columns.map((column, index) => [column.key, row[index]])),
  );
}
