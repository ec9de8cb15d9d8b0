import { parse as parseCsv } from 'csv-parse/sync';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore, eventLogFile } from '@vakregister/event-store';
import { makeTempDir } from '@vakregister/testing';
import { ASSESSOR, REGISTRAR, apiClient, professional, registration } from './support/api-client';
import { readReport, type ReportView, type SectionView } from './support/report-reader';
import { runCli } from './support/run-cli';
import { certifyFirstTime } from './support/scenarios';
import { startApi, type RunningApi } from './support/start-api';

const APPEALS = 'appeals:app-1';
const ANALYST = 'analyst:an-1';
/** Markup, quotes and a comma in a name typed at registration: escaped in HTML, quoted in CSV. */
const ODD_MUNICIPALITY = `'s-Hertogenbosch, "Den Bosch" <centrum> & <script>x</script>`;
const LAST_DAY = '2016-06-20T09:00:00Z';

interface Group {
  municipality: string;
  sector: string;
  pointsPerCompetency: Record<string, number>;
  [figure: string]: unknown;
}
interface Pilot {
  asOf: string;
  groups: Group[];
}

const SECTIONS = [
  'certification-funnel',
  'time-to-certification',
  'points-per-competency',
  'objection-outcomes',
];

/** The rows of a section as records keyed by the column keys the page declares. */
const records = (section: SectionView) =>
  section.rows.map((row) => Object.fromEntries(section.columns.map((key, i) => [key, row[i]])));

/**
 * Every figure of every table equals the endpoint's field of the same name for that
 * municipality and sector (points: the group's hours for that competency), and every group and
 * competency of the endpoint has its row.
 */
function expectTablesMatch(report: ReportView, pilot: Pilot): void {
  expect(report.asOf).toBe(pilot.asOf);
  for (const section of report.sections) {
    const rows = records(section);
    const groupOf = (row: Record<string, unknown>) => {
      const group = pilot.groups.find(
        (candidate) =>
          candidate.municipality === row.municipality && candidate.sector === row.sector,
      );
      expect(group).toBeDefined();
      return group!;
    };
    if (section.id === 'points-per-competency') {
      expect(section.columns).toEqual(['municipality', 'sector', 'competency', 'points']);
      const expected = pilot.groups.flatMap((group) =>
        Object.keys(group.pointsPerCompetency).map((competency) => ({
          municipality: group.municipality,
          sector: group.sector,
          competency,
          points: group.pointsPerCompetency[competency],
        })),
      );
      expect(rows).toEqual(expect.arrayContaining(expected));
      expect(rows).toHaveLength(expected.length);
      continue;
    }
    expect(rows).toHaveLength(pilot.groups.length);
    for (const row of rows) {
      const group = groupOf(row);
      for (const key of section.columns) expect([key, row[key]]).toEqual([key, group[key]]);
    }
  }
}

/** The CSV file of each section holds the page's table: same header keys, same cells. */
function expectCsvMatches(report: ReportView, csvDir: string): void {
  for (const section of report.sections) {
    const text = readFileSync(join(csvDir, `${section.id}.csv`), 'utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(text) as string[][];
    expect(header).toEqual(section.columns);
    expect(rows).toEqual(section.rows.map((row) => row.map((cell) => String(cell ?? ''))));
  }
}

describe('vakregister report', () => {
  const dir = makeTempDir('report');
  const out = makeTempDir('report-out');
  let api: RunningApi | undefined;
  let client: ReturnType<typeof apiClient>;
  const answers = new Map<string, Pilot>();
  let lastPosition = '';
  afterAll(async () => {
    await api?.close();
    dir.remove();
    out.remove();
    // The API made a development master key beside the data directory.
    rmSync(`${dir.path}.dev-master-key`, { force: true });
  });
  const env = { VAKREGISTER_DATA_DIR: dir.path };
  async function at(now: string) {
    await api?.close();
    api = await startApi(dir.path, { now });
    client = apiClient(api.baseUrl);
  }
  const register = async (name: string) => {
    const body = registration({ name, municipality: ODD_MUNICIPALITY, sector: 'zorg' });
    const response = await client.post('/v1/professionals', REGISTRAR, body);
    expect(response.status).toBe(201);
    return response.body.professionalId as string;
  };
  const admission = async (id: string, outcome: 'admitted' | 'refused') => {
    const response = await client.post(`/v1/professionals/${id}/admission`, ASSESSOR, {
      outcome,
      reasons: ['checked'],
    });
    expect(response.status).toBe(201);
    return response.body.decisionId as string;
  };
  const pilot = async (query: string) => {
    const response = await client.get<Pilot>(`/v1/analytics/pilot${query}`, ANALYST);
    expect(response.status).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    await at('2016-05-13T09:00:00Z');
    await certifyFirstTime(client, 'Anna');
    await certifyFirstTime(client, 'Eva');
    const bram = await register('Bram');
    const refusal = await admission(bram, 'refused');
    await admission(await register('Cor'), 'admitted');
    const objection = await client.post(`/v1/decisions/${refusal}/objections`, professional(bram), {
      grounds: 'My experience was not counted.',
    });
    expect(objection.status).toBe(201);

    await at(LAST_DAY);
    const upheld = await client.post(
      `/v1/objections/${objection.body.objectionId as string}/decision`,
      APPEALS,
      { outcome: 'upheld', reasons: ['The experience counts.'] },
    );
    expect(upheld.status).toBe(201);
    lastPosition = upheld.body.position as string;
    const caughtUp = `?minPosition=${lastPosition}`;
    answers.set('today', await pilot(caughtUp));
    answers.set('2016-05-31', await pilot(`${caughtUp}&asOf=2016-05-31`));

    // The report works offline: it refuses while the API holds the data directory.
    const refused = await runCli(['report', '--out', join(out.path, 'refused.html')], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Refusing to report: the Vakregister API \(process \d+/);
    expect(existsSync(join(out.path, 'refused.html'))).toBe(false);
    await api?.close();
    api = undefined;
  }, 180_000);

  it('renders one SVG chart per table, with the numbers of the analytics endpoint', async () => {
    const file = join(out.path, 'report.html');
    const csvDir = join(out.path, 'csv');
    // No --as-of: today by the domain clock, as the API answered without asOf.
    const result = await runCli(['report', '--out', file, '--csv', csvDir], {
      ...env,
      VAKREGISTER_NOW: LAST_DAY,
    });
    expect(result).toMatchObject({ code: 0 });
    const expected = answers.get('today')!;
    expect(expected.asOf).toBe('2016-06-20');
    const html = readFileSync(file, 'utf8');
    const report = readReport(html);

    expect(report.title).toBe('Vakregister pilot report');
    expect(report.sections.map((section) => section.id)).toEqual(SECTIONS);
    expect(report.sections.map((section) => section.svgCount)).toEqual([1, 1, 1, 1]);
    expect(report.svgCount).toBe(SECTIONS.length);
    expect(report.position).toBe(lastPosition);
    expect(result.stdout).toContain(`position ${report.position}`);
    expectTablesMatch(report, expected);
    expectCsvMatches(report, csvDir);

    // Pin the scenario too, so that a figure wrong in the endpoint and the report alike shows.
    // Code-point order, as the endpoint sorts: the apostrophe comes before the M.
    const bosch = { municipality: ODD_MUNICIPALITY, sector: 'zorg' };
    expect(records(report.sections[0])).toEqual([
      // Upholding the objection against the refusal admitted Bram after all.
      { ...bosch, registered: 2, admitted: 2, certified: 0 },
      { municipality: 'Maastricht', sector: 'werk', registered: 2, admitted: 2, certified: 2 },
    ]);
    expect(records(report.sections[1])[0]).toEqual({
      ...bosch,
      certified: 0,
      medianDaysToCertification: null,
    });
    expect(records(report.sections[2])).toContainEqual({
      municipality: 'Maastricht',
      sector: 'werk',
      competency: 'gespreksvoering',
      points: 320,
    });
    expect(records(report.sections[3])[0]).toEqual({
      ...bosch,
      objectionsLodged: 1,
      objectionsUpheld: 1,
    });

    // Escaped, not interpreted: the name is text, and no element came out of it.
    expect(report.tagNames.has('centrum')).toBe(false);
    expect(report.tagNames.has('img')).toBe(false);
    // Self-contained: nothing to fetch, nothing to run.
    for (const tag of ['script', 'link', 'iframe', 'object', 'embed', 'image', 'use']) {
      expect([tag, report.tagNames.has(tag)]).toEqual([tag, false]);
    }
    expect(html).not.toMatch(/https?:|url\(|@import|src=/i);
    // The charts draw the same figures: each bar of the funnel is described with its number,
    // the municipality's sum over its sectors.
    for (const municipality of new Set(expected.groups.map((group) => group.municipality))) {
      for (const stage of ['registered', 'admitted', 'certified']) {
        const sum = expected.groups
          .filter((group) => group.municipality === municipality)
          .reduce((total, group) => total + (group[stage] as number), 0);
        expect(report.sections[0].chartLabels).toContain(
          `Municipality: ${municipality}; Professionals: ${sum}; stage: ${stage}; Stage: ${stage}`,
        );
      }
    }
  }, 60_000);

  it('reports as of an earlier date, and straight from an export file', async () => {
    const expected = answers.get('2016-05-31')!;
    const onDisk = join(out.path, 'earlier.html');
    const fromDir = await runCli(['report', '--out', onDisk, '--as-of', '2016-05-31'], env);
    expect(fromDir).toMatchObject({ code: 0 });
    const earlier = readReport(readFileSync(onDisk, 'utf8'));
    expectTablesMatch(earlier, expected);
    expect(records(earlier.sections[3])[0]).toMatchObject({
      objectionsLodged: 1,
      objectionsUpheld: 0,
    });

    const exported = join(out.path, 'pilot.ndjson');
    expect(await runCli(['export', '--out', exported], env)).toMatchObject({ code: 0 });
    // Another, empty data directory: --from imports into a temporary one and leaves it alone.
    const elsewhere = join(out.path, 'elsewhere');
    const file = join(out.path, 'from-file.html');
    const csvDir = join(out.path, 'from-file-csv');
    const fromFile = await runCli(
      ['report', '--from', exported, '--as-of', '2016-05-31', '--out', file, '--csv', csvDir],
      { VAKREGISTER_DATA_DIR: elsewhere },
    );
    expect(fromFile).toMatchObject({ code: 0 });
    const report = readReport(readFileSync(file, 'utf8'));
    expectTablesMatch(report, expected);
    expectCsvMatches(report, csvDir);
    expect(report.position).toBe(earlier.position);
    expect(existsSync(join(elsewhere, 'readmodels.sqlite'))).toBe(false);
    const untouched = SqliteEventStore.open(eventLogFile(elsewhere));
    expect((await untouched.health()).lastPosition).toBeUndefined();
    await untouched.close();
  }, 60_000);

  it('refuses without --out, or with a date that is not one', async () => {
    const noOut = await runCli(['report'], env);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--out');
    const badDate = await runCli(['report', '--out', 'x.html', '--as-of', '2016-13-01'], env);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--as-of');
  }, 30_000);
});
