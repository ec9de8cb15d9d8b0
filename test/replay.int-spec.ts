import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BVK_2016 } from '@vakregister/certification';
import { makeTempDir } from '@vakregister/testing';
import { ASSESSOR, apiClient, professional, type Json } from './support/api-client';
import { runCli } from './support/run-cli';
import { admittedWithPlan, logApprovedActivity } from './support/scenarios';
import { startApi } from './support/start-api';

const vakregister = (args: string[], dataDir: string) =>
  runCli(args, { VAKREGISTER_DATA_DIR: dataDir });

/** A career under bvk-2016: approved hours per category (each activity at most 40), the outcome. */
type Candidate = [
  municipality: string,
  hours: Record<string, number[]>,
  outcome: 'granted' | 'refused',
];

/** 160 points needed; scholing ≥ 60, reflectie ≥ 40, vrije-ruimte counts up to 60. */
const CANDIDATES: Candidate[] = [
  ['Maastricht', { scholing: [40, 20], reflectie: [40], 'vrije-ruimte': [40, 20] }, 'granted'],
  ['Maastricht', { scholing: [40, 20], reflectie: [40], 'vrije-ruimte': [30] }, 'refused'],
  ['Nijmegen', { scholing: [40, 30], reflectie: [40], 'vrije-ruimte': [15] }, 'refused'],
  ['Nijmegen', { scholing: [40, 20], reflectie: [40], 'vrije-ruimte': [10] }, 'refused'],
  ['Nijmegen', { scholing: [40, 40], reflectie: [20], 'vrije-ruimte': [40, 10] }, 'refused'],
  // Enough points, refused all the same: the committee's judgement.
  ['Zwolle', { scholing: [40, 20], reflectie: [40], 'vrije-ruimte': [40, 20] }, 'refused'],
  ['Zwolle', { scholing: [40, 40], reflectie: [40], 'vrije-ruimte': [40, 20] }, 'granted'],
];

/** Registers, admits, plans, logs and approves the activities, requests and decides. */
async function live(client: ReturnType<typeof apiClient>, candidate: Candidate, index: number) {
  const [municipality, hours, outcome] = candidate;
  const id = await admittedWithPlan(client, { name: `Kandidaat ${index}`, municipality });
  const activities = Object.entries(hours).flatMap(([category, list]) =>
    list.map((points) => ({ category, hours: points })),
  );
  for (const [number, { category, hours: points }] of activities.entries()) {
    await logApprovedActivity(client, id, {
      title: `Activiteit ${number + 1}`,
      category,
      hours: points,
      competencies: ['gespreksvoering', 'wet-en-regelgeving'],
      completedOn: `2016-02-${10 + number}`,
    });
  }
  const request = await client.post(
    `/v1/professionals/${id}/certification-requests`,
    professional(id),
    {},
  );
  expect(request.status).toBe(201);
  const decision = await client.post(`/v1/professionals/${id}/certification-decisions`, ASSESSOR, {
    requestId: request.body.requestId,
    outcome,
    reasons: ['as the basis shows'],
  });
  expect(decision.status).toBe(201);
}

interface Row {
  reEvaluated: number;
  grantedAsRecorded: number;
  grantedUnderAlternative: number;
  newlyPassing: number;
  newlyFailing: number;
}

/**
 * The figures counted straight from the exported lines, without the domain: the alternative
 * differs from bvk-2016 in the total alone, so a decision passes under it when its stored total
 * reaches 120 and its only shortfall was the total; a refusal without shortfalls stands.
 */
function countIndependently(ndjson: string, pointsRequired: number): Map<string, Row> {
  const municipalityOf = new Map<string, string>();
  const rows = new Map<string, Row>();
  for (const line of ndjson.split('\n').filter(Boolean)) {
    const event = JSON.parse(line) as { streamId: string; type: string; data: Json };
    if (event.type === 'ProfessionalRegistered')
      municipalityOf.set(event.streamId, event.data.municipality as string);
    if (event.type !== 'CertificateGranted' && event.type !== 'CertificationRefused') continue;
    const basis = event.data.basis as { total: number; shortfalls: string[] };
    const granted = event.type === 'CertificateGranted';
    const onlyTotalShort = basis.shortfalls.every((text) => /^\d+ of \d+ points$/.test(text));
    const judged = !granted && basis.shortfalls.length === 0;
    const passes = !judged && onlyTotalShort && basis.total >= pointsRequired;
    const municipality = municipalityOf.get(event.streamId)!;
    const row = rows.get(municipality) ?? {
      reEvaluated: 0,
      grantedAsRecorded: 0,
      grantedUnderAlternative: 0,
      newlyPassing: 0,
      newlyFailing: 0,
    };
    row.reEvaluated++;
    row.grantedAsRecorded += Number(granted);
    row.grantedUnderAlternative += Number(passes);
    row.newlyPassing += Number(passes && !granted);
    row.newlyFailing += Number(granted && !passes);
    rows.set(municipality, row);
  }
  return rows;
}

describe('vakregister replay (what-if)', () => {
  const root = makeTempDir('replay');
  const source = join(root.path, 'source');
  const ledgerFile = join(root.path, 'pilot.ndjson');
  const schemeFile = join(root.path, 'alternative.json');
  const alternative = { ...BVK_2016, schemeId: 'what-if-120', pointsRequired: 120 };
  afterAll(() => root.remove());

  beforeAll(async () => {
    const api = await startApi(source, { now: '2016-05-13T09:00:00Z' });
    try {
      const client = apiClient(api.baseUrl);
      for (const [index, candidate] of CANDIDATES.entries()) await live(client, candidate, index);
    } finally {
      await api.close();
    }
    expect((await vakregister(['export', '--out', ledgerFile], source)).code).toBe(0);
    writeFileSync(schemeFile, JSON.stringify(alternative, null, 2));
  }, 120_000);

  const replay = (...args: string[]) =>
    vakregister(['replay', '--from', ledgerFile, '--scheme', schemeFile, ...args], root.path);

  it('prints the same table twice, matching an independent count', async () => {
    const first = await replay();
    const second = await replay();
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('re-evaluated on its own, on the facts as recorded');

    const expected = countIndependently(readFileSync(ledgerFile, 'utf8'), 120);
    expect([...expected.keys()].sort()).toEqual(['Maastricht', 'Nijmegen', 'Zwolle']);
    const rowOf = (name: string) =>
      first.stdout
        .split('\n')
        .find((line) => line.startsWith(`${name} `))
        ?.trim()
        .split(/\s{2,}/);
    for (const [municipality, row] of expected) {
      expect(rowOf(municipality)).toEqual([municipality, ...Object.values(row).map(String), '0']);
    }
    const totalNewlyPassing = [...expected.values()].reduce(
      (sum, row) => sum + row.newlyPassing,
      0,
    );
    expect(totalNewlyPassing).toBeGreaterThan(0);
    expect(rowOf('total')?.[4]).toBe(String(totalNewlyPassing));
  }, 60_000);

  it('prints the same figures as JSON with --json', async () => {
    const result = await replay('--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      municipalities: Array<Row & { municipality: string; notComparable: number }>;
      alternative: Json;
    };
    expect(report.alternative).toEqual({
      schemeId: 'what-if-120',
      effectiveFrom: '2016-01-01',
      pointsRequired: 120,
    });
    const expected = countIndependently(readFileSync(ledgerFile, 'utf8'), 120);
    expect(report.municipalities).toEqual(
      [...expected.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([municipality, row]) => ({ municipality, ...row, notComparable: 0 })),
    );
    expect((await replay('--json')).stdout).toBe(result.stdout);
  }, 60_000);

  it('refuses an inconsistent or malformed scheme with exit code 2', async () => {
    writeFileSync(schemeFile, JSON.stringify({ ...alternative, pointsRequired: 90 }));
    const inconsistent = await replay();
    writeFileSync(schemeFile, '{"schemeId": "what-if"');
    const malformed = await replay();
    writeFileSync(schemeFile, JSON.stringify(alternative, null, 2));
    expect(inconsistent.code).toBe(2);
    expect(inconsistent.stderr).toContain(
      'The alternative scheme is not valid: The scheme is not consistent: the category minimums (100) exceed pointsRequired (90).',
    );
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('The alternative scheme is not valid: not valid JSON');
    expect(inconsistent.stdout).toBe('');
  }, 60_000);

  it('names a malformed line of the ledger file and prints no figures', async () => {
    const good = readFileSync(ledgerFile, 'utf8').split('\n');
    const bad = join(root.path, 'bad.ndjson');
    writeFileSync(bad, [...good.slice(0, 6), '{"streamId": "x"', ...good.slice(6)].join('\n'));
    const result = await vakregister(['replay', '--from', bad, '--scheme', schemeFile], root.path);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Line 7: not valid JSON');
    expect(result.stdout).toBe('');
  }, 60_000);
});
