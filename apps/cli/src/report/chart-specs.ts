import type { TopLevelSpec } from 'vega-lite';
import { tableRecords, type ReportTable, type TableName } from './report-tables';

/** Municipality and sector as one label, for charts at the grain of a group. */
const GROUP_LABEL = { calculate: "datum.municipality + ' · ' + datum.sector", as: 'group' };

const FUNNEL_STAGES = ['registered', 'admitted', 'certified'];

/** The Vega-Lite chart of each table, reading the table's own rows (never another source). */
const SPECS: Record<TableName, (table: ReportTable) => TopLevelSpec> = {
  // Counts of people add up over sectors: the funnel is per municipality.
  'certification-funnel': (table) => ({
    title: table.title,
    data: { values: tableRecords(table) },
    transform: [{ fold: FUNNEL_STAGES, as: ['stage', 'professionals'] }],
    mark: 'bar',
    encoding: {
      x: { field: 'municipality', type: 'nominal', title: 'Municipality' },
      xOffset: { field: 'stage', type: 'nominal', sort: FUNNEL_STAGES },
      y: { field: 'professionals', type: 'quantitative', aggregate: 'sum', title: 'Professionals' },
      color: { field: 'stage', type: 'nominal', sort: FUNNEL_STAGES, title: 'Stage' },
    },
  }),
  // Medians do not add up: one bar per municipality and sector, none where nobody is certified.
  'time-to-certification': (table) => ({
    title: table.title,
    data: { values: tableRecords(table) },
    transform: [{ filter: 'datum.medianDaysToCertification != null' }, GROUP_LABEL],
    mark: 'bar',
    encoding: {
      y: { field: 'group', type: 'nominal', title: 'Municipality · sector' },
      x: {
        field: 'medianDaysToCertification',
        type: 'quantitative',
        title: 'Median days from registration to certificate',
      },
    },
  }),
  'points-per-competency': (table) => ({
    title: table.title,
    data: { values: tableRecords(table) },
    mark: 'bar',
    encoding: {
      x: { field: 'competency', type: 'nominal', title: 'Competency' },
      y: { field: 'points', type: 'quantitative', aggregate: 'sum', title: 'Approved hours' },
      color: { field: 'municipality', type: 'nominal', title: 'Municipality' },
    },
  }),
  'objection-outcomes': (table) => ({
    title: table.title,
    data: { values: tableRecords(table) },
    transform: [
      GROUP_LABEL,
      { fold: ['objectionsLodged', 'objectionsUpheld'], as: ['field', 'objections'] },
      { calculate: "datum.field === 'objectionsLodged' ? 'lodged' : 'upheld'", as: 'outcome' },
    ],
    mark: 'bar',
    encoding: {
      x: { field: 'group', type: 'nominal', title: 'Municipality · sector' },
      xOffset: { field: 'outcome', type: 'nominal', sort: ['lodged', 'upheld'] },
      y: { field: 'objections', type: 'quantitative', title: 'Objections' },
      color: { field: 'outcome', type: 'nominal', sort: ['lodged', 'upheld'], title: 'Outcome' },
    },
  }),
};

export function chartSpec(table: ReportTable): TopLevelSpec {
  return SPECS[table.name](table);
}
