import type { PilotAnalytics, PilotGroup } from '@vakregister/projections';
import { parseFragment } from 'parse5';
import { chartSpec } from './chart-specs';
import { renderChart } from './render-chart';
import { reportTables } from './report-tables';

const group = (municipality: string, sector: string, figures: Partial<PilotGroup>) =>
  ({ municipality, sector, pointsPerCompetency: {}, ...figures }) as PilotGroup;

const PILOT: PilotAnalytics = {
  asOf: '2016-06-20',
  groups: [
    group('Heerlen', 'werk', {
      registered: 3,
      admitted: 2,
      certified: 1,
      medianDaysToCertification: 41,
      pointsPerCompetency: { gespreksvoering: 160 },
      objectionsLodged: 2,
      objectionsUpheld: 1,
    }),
    group('Heerlen', 'zorg', {
      registered: 4,
      admitted: 1,
      certified: 0,
      medianDaysToCertification: null,
      objectionsLodged: 0,
      objectionsUpheld: 0,
    }),
  ],
};

describe('renderChart (Vega-Lite and Vega, headless, from CommonJS)', () => {
  const tables = reportTables(PILOT);

  it.each(tables.map((table) => [table.name, table] as const))(
    'renders the %s chart as one SVG element, with its title',
    async (_name, table) => {
      const svg = await renderChart(chartSpec(table));
      const nodes = parseFragment(svg).childNodes;
      expect(nodes.map((node) => node.nodeName)).toEqual(['svg']);
      expect(svg).toContain(`Title text '${table.title}'`);
      expect(svg).not.toMatch(/https?:/);
    },
  );

  it('draws the funnel per municipality, summing its sectors', async () => {
    const svg = await renderChart(chartSpec(tables[0]));
    expect(svg).toContain('Municipality: Heerlen; Professionals: 7; stage: registered');
    expect(svg).toContain('Municipality: Heerlen; Professionals: 3; stage: admitted');
    expect(svg).toContain('Municipality: Heerlen; Professionals: 1; stage: certified');
  });

  it('leaves out the groups without a median time to certification', async () => {
    const svg = await renderChart(chartSpec(tables[1]));
    expect(svg).toContain('Heerlen · werk');
    expect(svg).not.toContain('Heerlen · zorg');
  });
});
