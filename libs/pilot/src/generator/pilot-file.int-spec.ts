import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@vakregister/testing';
import { PILOT_DEFAULTS } from './pilot-profile';
import { writePilotFile } from './pilot-file';

interface Line {
  streamId: string;
  revision: string;
  type: string;
  data: Record<string, unknown>;
  metadata: { recordedAt: string };
}

const read = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((text) => JSON.parse(text) as Line);

const ofType = (lines: readonly Line[], type: string) => lines.filter((line) => line.type === type);

describe('the pilot file', () => {
  const dir = makeTempDir('pilot-file');
  afterAll(() => dir.remove());
  const small = { ...PILOT_DEFAULTS, professionals: 30, years: 2 };

  it('is the same bytes for the same seed, and other bytes for another seed', async () => {
    const [first, second, other] = ['first', 'second', 'other'].map((name) =>
      join(dir.path, `${name}.ndjson`),
    );
    await writePilotFile(small, first);
    await writePilotFile(small, second);
    await writePilotFile({ ...small, seed: small.seed + 1 }, other);
    expect(readFileSync(first).length).toBeGreaterThan(10_000);
    expect(readFileSync(second).equals(readFileSync(first))).toBe(true);
    expect(readFileSync(other).equals(readFileSync(first))).toBe(false);
  }, 60_000);

  describe('with the default settings', () => {
    let lines: Line[];
    beforeAll(async () => {
      const file = join(dir.path, 'pilot.ndjson');
      await writePilotFile(PILOT_DEFAULTS, file);
      lines = read(file);
    }, 60_000);

    it('is in log order: revisions without gaps per stream, recordedAt never going back', () => {
      const next = new Map<string, number>();
      const outOfOrder: string[] = [];
      let previous = '';
      lines.forEach((line, index) => {
        const expected = next.get(line.streamId) ?? 0;
        if (Number(line.revision) !== expected) outOfOrder.push(`line ${index + 1}: revision`);
        if (line.metadata.recordedAt < previous) outOfOrder.push(`line ${index + 1}: recordedAt`);
        next.set(line.streamId, expected + 1);
        previous = line.metadata.recordedAt;
      });
      expect(outOfOrder).toEqual([]);
      expect(previous.slice(0, 4)).toBe('2020');
    });

    it('holds the six municipalities and Maastricht’s 18 from three sectors on one plan', () => {
      const registered = ofType(lines, 'ProfessionalRegistered').map((line) => line.data);
      expect(registered).toHaveLength(120);
      expect(new Set(registered.map((data) => data.municipality)).size).toBe(6);
      expect(registered.map((data) => data.municipality)).toEqual(
        expect.arrayContaining(['Den Haag', 'Nijmegen', 'Maastricht']),
      );
      const maastricht = registered.filter((data) => data.municipality === 'Maastricht');
      expect(maastricht).toHaveLength(18);
      expect(new Set(maastricht.map((data) => data.sector))).toEqual(
        new Set(['werk', 'inkomen', 'zorg']),
      );
      const ids = new Set(maastricht.map((data) => data.professionalId));
      const plans = ofType(lines, 'DevelopmentPlanSet')
        .filter((line) => ids.has(line.data.professionalId))
        .map((line) => JSON.stringify(line.data.competencies));
      expect(plans.length).toBeGreaterThanOrEqual(15);
      expect(new Set(plans).size).toBe(1);
    });

    it('mixes young and long-serving professionals', () => {
      const years = ofType(lines, 'ProfessionalRegistered').map(
        (line) => line.data.experienceYears as number,
      );
      expect(years.filter((value) => value <= 5).length).toBeGreaterThan(10);
      expect(years.filter((value) => value >= 20).length).toBeGreaterThan(10);
    });

    it('has refusals, objections lodged and decided both ways, suspensions and renewals', () => {
      expect(ofType(lines, 'AdmissionRefused').length).toBeGreaterThan(0);
      expect(ofType(lines, 'ObjectionLodged').length).toBeGreaterThan(0);
      const outcomes = ofType(lines, 'ObjectionDecided').map((line) => line.data.outcome);
      expect(outcomes).toEqual(expect.arrayContaining(['upheld', 'rejected']));
      expect(ofType(lines, 'CertificateSuspended').length).toBeGreaterThan(0);
      const renewals = new Set(
        ofType(lines, 'CertificationRequested')
          .filter((line) => line.data.kind === 'renewal')
          .map((line) => line.data.requestId),
      );
      const renewed = ofType(lines, 'CertificateGranted').filter((line) =>
        renewals.has(line.data.requestId),
      );
      expect(renewed.length).toBeGreaterThan(0);
    });
  });
});
