import { ConfigError, loadConfig } from '@vakregister/config';
import { makeTempDir } from '@vakregister/testing';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  ASSESSOR,
  REGISTRAR,
  apiClient,
  professional,
  registration,
  type Json,
} from './support/api-client';
import { certifyFirstTime } from './support/scenarios';
import { startApi, type RunningApi } from './support/start-api';

const APPEALS = 'appeals:app-1';
const GEWIST = '[gewist]';

/** Distinctive enough that any hit in a file is this person and nothing else. */
const NAME = 'Zwaantje Quist-Ooievaar';
const EMAIL = 'zwaantje.quist@voorbeeld.nl';
/** The address she corrects hers to before the erasure: the correction must go too. */
const NEW_EMAIL = 'z.quist-ooievaar@nieuwpost.example';
/** Free text that mentions the person, as assessors and professionals write it. */
const TITLE_WORD = 'Ooievaarsnestintervisie';
const GROUNDS = `Ik, ${NAME}, vind de weigering onterecht.`;

type Event = Json & { type: string; data: Json; reason: string | null };

/** Every file under a directory, however deep. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * The byte patterns a secret could be stored as: UTF-8 and UTF-16LE of the text as written,
 * lowercased and uppercased, and base64 of the UTF-8 bytes at each of the three alignments it
 * can have inside a longer base64 text (only the characters the secret alone determines).
 */
function patternsOf(secret: string): { label: string; bytes: Buffer }[] {
  const variants = [...new Set([secret, secret.toLowerCase(), secret.toUpperCase()])];
  return variants.flatMap((text) => {
    const utf8 = Buffer.from(text, 'utf8');
    const base64 = [0, 1, 2].map((lead) => {
      const padded = Buffer.concat([Buffer.alloc(lead), utf8]);
      const whole = padded.subarray(0, padded.length - (padded.length % 3));
      return {
        label: `base64+${lead} "${text}"`,
        bytes: Buffer.from(whole.toString('base64').slice(lead ? 4 : 0)),
      };
    });
    return [
      { label: `utf8 "${text}"`, bytes: utf8 },
      { label: `utf16le "${text}"`, bytes: Buffer.from(text, 'utf16le') },
      ...base64,
    ];
  });
}

/** Which patterns occur in which files: `file: pattern` for every hit. */
function scan(dir: string, secrets: readonly string[]): string[] {
  const patterns = secrets.flatMap(patternsOf);
  return filesUnder(dir).flatMap((file) => {
    const content = readFileSync(file);
    return patterns
      .filter((pattern) => content.includes(pattern.bytes))
      .map((pattern) => `${file.slice(dir.length + 1)}: ${pattern.label}`);
  });
}

/**
 * The same scan from another process, while the API still holds the files open: what a backup
 * or a stolen disk image taken at this moment would contain, live WAL files included.
 */
function scanFromChildProcess(dir: string, secrets: readonly string[]): string[] {
  const patterns = secrets
    .flatMap(patternsOf)
    .map((pattern) => ({ label: pattern.label, hex: pattern.bytes.toString('hex') }));
  const script = [
    "const fs = require('node:fs');",
    "const path = require('node:path');",
    'const [dir, json] = process.argv.slice(1);',
    'const patterns = JSON.parse(json).map((p) => [p.label, Buffer.from(p.hex, "hex")]);',
    'const walk = (d) => fs.readdirSync(d).flatMap((n) => {',
    '  const p = path.join(d, n);',
    '  return fs.statSync(p).isDirectory() ? walk(p) : [p];',
    '});',
    'const hits = walk(dir).flatMap((file) => {',
    '  const content = fs.readFileSync(file);',
    '  return patterns.filter(([, bytes]) => content.includes(bytes))',
    "    .map(([label]) => path.relative(dir, file) + ': ' + label);",
    '});',
    'process.stdout.write(JSON.stringify(hits));',
  ].join('\n');
  return JSON.parse(
    execFileSync(process.execPath, ['-e', script, dir, JSON.stringify(patterns)], {
      encoding: 'utf8',
    }),
  ) as string[];
}

describe('erasure (crypto-shredding) over HTTP, with real SQLite files', () => {
  const tmp = makeTempDir('erasure');
  // The development master key is kept beside the data directory: both inside the temp dir.
  const dataDir = join(tmp.path, 'data');
  let api: RunningApi | undefined;
  let client: ReturnType<typeof apiClient>;
  afterAll(async () => {
    await api?.close();
    tmp.remove();
  });
  async function start() {
    await api?.close();
    api = await startApi(dataDir, { now: '2016-05-13T09:00:00Z' });
    client = apiClient(api.baseUrl);
  }
  async function close() {
    await api?.close();
    api = undefined;
  }

  let zwaantje = '';
  let number = '';
  let refusalId = '';
  let erasedAt = '';

  it('refuses erasure while certified (naming the end) or objecting, then erases', async () => {
    await start();
    const certified = await certifyFirstTime(client, 'Gerrit Certificaathouder');

    const registered = await client.post(
      '/v1/professionals',
      REGISTRAR,
      registration({ name: NAME, email: EMAIL }),
      // Retry-safe, as a real client sends it: the stored answer must hold nothing personal.
      { 'idempotency-key': 'registratie-zwaantje-1' },
    );
    expect(registered.status).toBe(201);
    zwaantje = registered.body.professionalId as string;
    number = registered.body.registrationNumber as string;
    const self = professional(zwaantje);

    const admitted = await client.post(`/v1/professionals/${zwaantje}/admission`, ASSESSOR, {
      outcome: 'admitted',
      reasons: [`Diploma van ${NAME} gecontroleerd`],
    });
    expect(admitted.status).toBe(201);
    const corrected = await client.patch(`/v1/professionals/${zwaantje}`, self, {
      email: NEW_EMAIL,
      reason: `Nieuw adres van ${NAME}`,
    });
    expect(corrected.status).toBe(200);
    expect(
      (
        await client.put(`/v1/professionals/${zwaantje}/development-plan`, self, {
          competencies: ['gespreksvoering', 'wet-en-regelgeving'],
        })
      ).status,
    ).toBe(200);
    for (const [index, category] of ['scholing', 'reflectie'].entries()) {
      const logged = await client.post(`/v1/professionals/${zwaantje}/activities`, self, {
        title: `${TITLE_WORD} ${index + 1}`,
        category,
        hours: 20,
        competencies: ['gespreksvoering'],
        completedOn: `2016-0${index + 2}-10`,
      });
      expect(logged.status).toBe(201);
      const review = await client.post(
        `/v1/professionals/${zwaantje}/activities/${logged.body.activityId as string}/review`,
        ASSESSOR,
        { outcome: 'approved', reason: `Bewijs van ${NAME} in orde` },
      );
      expect(review.status).toBe(201);
    }
    const request = await client.post(
      `/v1/professionals/${zwaantje}/certification-requests`,
      self,
      {},
    );
    expect(request.status).toBe(201);
    const refusal = await client.post(
      `/v1/professionals/${zwaantje}/certification-decisions`,
      ASSESSOR,
      {
        requestId: request.body.requestId,
        outcome: 'refused',
        reasons: [`${NAME} heeft 40 van de 160 punten`, 'Geen vrije ruimte'],
      },
    );
    expect(refusal.status).toBe(201);
    refusalId = refusal.body.decisionId as string;

    // Before the erasure the register holds her name: what follows is not trivially true.
    const listed = await client.get<{ entries: Json[] }>(
      `/v1/register?q=${number}&minPosition=${refusal.body.position as string}`,
      REGISTRAR,
    );
    expect(listed.body.entries).toEqual([
      expect.objectContaining({ name: NAME, email: NEW_EMAIL }),
    ]);

    const whileCertified = await client.post(`/v1/professionals/${certified}/erasure`, REGISTRAR, {
      reason: 'Verzoek van betrokkene',
    });
    expect(whileCertified.status).toBe(409);
    expect(whileCertified.body.detail).toContain('2020-05-13');
    // A refused erasure destroys nothing.
    const stillNamed = await client.get(`/v1/professionals/${certified}`, REGISTRAR);
    expect(stillNamed.body.name).toBe('Gerrit Certificaathouder');

    const objection = await client.post(`/v1/decisions/${refusalId}/objections`, self, {
      grounds: GROUNDS,
    });
    expect(objection.status).toBe(201);
    const objectionId = objection.body.objectionId as string;
    const whileObjecting = await client.post(`/v1/professionals/${zwaantje}/erasure`, REGISTRAR, {
      reason: `Verzoek van ${NAME}`,
    });
    expect(whileObjecting.status).toBe(409);
    expect(whileObjecting.body.detail).toContain(objectionId);
    expect(whileObjecting.body.detail).toMatch(/objection/i);
    const herself = await client.get(`/v1/professionals/${zwaantje}`, REGISTRAR);
    expect(herself.body).toMatchObject({ name: NAME, email: NEW_EMAIL });

    const decided = await client.post(`/v1/objections/${objectionId}/decision`, APPEALS, {
      outcome: 'rejected',
      reasons: [`Het bezwaar van ${NAME} is ongegrond`],
    });
    expect(decided.status).toBe(201);

    const erased = await client.post(
      `/v1/professionals/${zwaantje}/erasure`,
      REGISTRAR,
      { reason: `Verzoek van ${NAME} per e-mail ${EMAIL}` },
      { 'idempotency-key': 'wis-zwaantje-1' },
    );
    expect(erased.status).toBe(201);
    erasedAt = erased.body.position as string;
    expect(erasedAt).toMatch(/^\d+$/);

    const again = await client.post(`/v1/professionals/${zwaantje}/erasure`, REGISTRAR, {
      reason: 'nogmaals',
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/erased/);
  }, 30_000);

  it('reads [gewist] everywhere, each decision still under the registration number', async () => {
    const person = await client.get(`/v1/professionals/${zwaantje}`, REGISTRAR);
    expect(person.status).toBe(200);
    expect(person.body).toMatchObject({ registrationNumber: number, name: GEWIST, email: GEWIST });

    const dossier = await client.get<Json & { activities: Json[] }>(
      `/v1/professionals/${zwaantje}/dossier`,
      REGISTRAR,
    );
    expect(dossier.status).toBe(200);
    expect(dossier.body.registrationNumber).toBe(number);
    expect(dossier.body.activities.map((activity) => activity.title)).toEqual([GEWIST, GEWIST]);

    const trail = await client.get<{ events: Event[] }>(
      `/v1/professionals/${zwaantje}/audit-trail`,
      ASSESSOR,
    );
    expect(trail.status).toBe(200);
    const events = trail.body.events;
    // Exactly these: the three refused erasures appended nothing.
    expect(events.map((event) => event.type)).toEqual([
      'ProfessionalRegistered',
      'AdmissionGranted',
      'ProfessionalDetailsCorrected',
      'DevelopmentPlanSet',
      'ActivityLogged',
      'ActivityApproved',
      'ActivityLogged',
      'ActivityApproved',
      'CertificationRequested',
      'CertificationRefused',
      'ObjectionLodged',
      'ObjectionDecided',
      'PersonalDataErased',
    ]);
    const byType = (type: string) => events.filter((event) => event.type === type);
    expect(byType('ProfessionalRegistered')[0].data).toMatchObject({
      registrationNumber: number,
      name: GEWIST,
      email: GEWIST,
    });
    expect(byType('AdmissionGranted')[0].data.reasons).toBe(GEWIST);
    expect(byType('ProfessionalDetailsCorrected')[0].data).toMatchObject({
      changes: { email: GEWIST },
      reason: GEWIST,
    });
    expect(byType('ActivityLogged').map((event) => event.data.title)).toEqual([GEWIST, GEWIST]);
    expect(byType('ActivityApproved').map((event) => event.data.reason)).toEqual([GEWIST, GEWIST]);
    expect(byType('CertificationRefused')[0].data).toMatchObject({
      decisionId: refusalId,
      reasons: GEWIST,
    });
    expect(byType('ObjectionLodged')[0].data.grounds).toBe(GEWIST);
    expect(byType('ObjectionDecided')[0].data).toMatchObject({
      outcome: 'rejected',
      reasons: GEWIST,
    });
    // Who decided what, and when, stays; only the free text is gone.
    for (const event of events) {
      expect(event.actor).toEqual(expect.objectContaining({ role: expect.any(String) }));
      expect(typeof event.recordedAt).toBe('string');
      if (event.reason !== null) expect(event.reason).toBe(GEWIST);
    }
    expect(byType('PersonalDataErased')[0].reason).toBe(GEWIST);
    expect(byType('PersonalDataErased')[0].position).toBe(erasedAt);

    const exported = await client.get<Json & { events: Event[]; register: Json[] }>(
      `/v1/professionals/${zwaantje}/export`,
      REGISTRAR,
    );
    expect(exported.status).toBe(200);
    expect(exported.body.personalDataErased).toBe(true);
    expect(exported.body.events.map((event) => event.type)).toEqual(
      events.map((event) => event.type),
    );
    expect(exported.body.register).toEqual([
      expect.objectContaining({ registrationNumber: number, name: GEWIST, email: GEWIST }),
    ]);

    // The refusal itself can still be reviewed as it was decided.
    const decision = await client.get(`/v1/decisions/${refusalId}`, APPEALS);
    expect(decision.status).toBe(200);
    expect(decision.body).toMatchObject({
      type: 'CertificationRefused',
      data: { reasons: GEWIST },
    });

    for (const body of [person, dossier, trail, exported, decision].map((r) => r.body)) {
      const text = JSON.stringify(body);
      for (const secret of [NAME, EMAIL, NEW_EMAIL, TITLE_WORD, 'Quist'])
        expect(text).not.toContain(secret);
    }
  });

  it('shows [gewist] in the register, now and as it was known before the erasure', async () => {
    const now = await client.get<{ entries: Json[] }>(
      `/v1/register?q=${number}&minPosition=${erasedAt}`,
      REGISTRAR,
    );
    expect(now.status).toBe(200);
    // The number still leads to the record, and so to its audit trail.
    expect(now.body.entries).toEqual([
      expect.objectContaining({
        professionalId: zwaantje,
        registrationNumber: number,
        name: GEWIST,
        email: GEWIST,
      }),
    ]);
    // Record time keeps older versions of the entry; erasure reaches those too.
    const before = await client.get<{ entries: Json[] }>(
      `/v1/register?q=${number}&knownAt=${BigInt(erasedAt) - 1n}&asOf=2016-05-13`,
      REGISTRAR,
    );
    expect(before.status).toBe(200);
    expect(before.body.entries).toEqual([
      expect.objectContaining({ registrationNumber: number, name: GEWIST, email: GEWIST }),
    ]);
    const byName = await client.get<{ entries: Json[] }>('/v1/register?q=Zwaantje', REGISTRAR);
    expect(byName.body.entries).toEqual([]);
  });

  it('keeps [gewist] after an online rebuild of every projection', async () => {
    const listed = await client.get<{ projections: Json[] }>('/v1/admin/projections', REGISTRAR);
    const names = listed.body.projections.map((entry) => String(entry.name));
    expect(names).toEqual(expect.arrayContaining(['register', 'queues', 'decisions']));
    for (const name of names) {
      const rebuild = await client.post(`/v1/admin/projections/${name}/rebuild`, REGISTRAR, {});
      expect(rebuild.status).toBe(202);
      // Started before the answer: the status already says so.
      expect(rebuild.body.state).toBe('rebuilding');
    }
    let states: string[] = [];
    for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
      const list = await client.get<{ projections: Json[] }>('/v1/admin/projections', REGISTRAR);
      states = list.body.projections.map(
        (entry) => `${String(entry.name)}: ${String(entry.state)}`,
      );
      if (states.every((state) => state.endsWith(': running'))) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(states).toEqual(names.map((name) => `${name}: running`));
    const after = await client.get<{ entries: Json[] }>(`/v1/register?q=${number}`, REGISTRAR);
    expect(after.body.entries).toEqual([
      expect.objectContaining({ registrationNumber: number, name: GEWIST, email: GEWIST }),
    ]);
  }, 20_000);

  it('leaves the name and e-mail in no file of the data directory, live or closed', async () => {
    const secrets = [NAME, EMAIL, NEW_EMAIL, TITLE_WORD];
    const names = readdirSync(dataDir);
    // The scan is only as good as the files it saw: the stores must all be there.
    for (const file of ['events.sqlite', 'readmodels.sqlite', 'keys.sqlite', 'idempotency.sqlite'])
      expect(names).toContain(file);
    const live = scanFromChildProcess(dataDir, secrets);
    // Both scans can find things: the registration number is stored in the clear.
    expect(scanFromChildProcess(dataDir, [number]).length).toBeGreaterThan(0);
    await close();
    const closed = scan(dataDir, secrets);
    expect({ live, closed }).toEqual({ live: [], closed: [] });
    expect(scan(dataDir, [number]).length).toBeGreaterThan(0);
  });

  it('registers the same person again as a new professional with readable data', async () => {
    await start();
    const again = await client.post(
      '/v1/professionals',
      REGISTRAR,
      registration({ name: NAME, email: EMAIL }),
    );
    expect(again.status).toBe(201);
    const fresh = again.body.professionalId as string;
    expect(fresh).not.toBe(zwaantje);
    expect(again.body.registrationNumber).toMatch(/^VR\d{6}$/);
    expect(again.body.registrationNumber).not.toBe(number);

    const person = await client.get(`/v1/professionals/${fresh}`, REGISTRAR);
    expect(person.body).toMatchObject({ name: NAME, email: EMAIL, status: 'applicant' });
    const old = await client.get(`/v1/professionals/${zwaantje}`, REGISTRAR);
    expect(old.body).toMatchObject({ registrationNumber: number, name: GEWIST, email: GEWIST });
    const oldTrail = await client.get<{ events: Event[] }>(
      `/v1/professionals/${zwaantje}/audit-trail`,
      ASSESSOR,
    );
    expect(JSON.stringify(oldTrail.body)).not.toContain('Quist');

    const byName = await client.get<{ entries: Json[] }>(
      `/v1/register?q=Zwaantje&minPosition=${again.body.position as string}`,
      REGISTRAR,
    );
    expect(byName.body.entries).toEqual([
      expect.objectContaining({ professionalId: fresh, name: NAME, email: EMAIL }),
    ]);
    await close();
    // The scan finds the name where a live person's data is stored in the clear: it can fail.
    expect(scan(dataDir, [NAME])).toContain('readmodels.sqlite: utf8 "Zwaantje Quist-Ooievaar"');
  }, 20_000);
});

describe('erasure and the other local stores', () => {
  const tmp = makeTempDir('erasure-stores');
  const dataDir = join(tmp.path, 'data');
  let api: RunningApi | undefined;
  afterAll(async () => {
    await api?.close();
    tmp.remove();
  });

  it('leaves her name and e-mail in no file after a token was made for her', async () => {
    api = await startApi(dataDir, { now: '2016-05-13T09:00:00Z' });
    const client = apiClient(api.baseUrl);
    const registered = await client.post(
      '/v1/professionals',
      REGISTRAR,
      registration({ name: NAME, email: EMAIL }),
    );
    const id = registered.body.professionalId as string;
    // A professional signs in with a token of her own; its label and subject name her.
    const token = await client.post(
      '/v1/admin/tokens',
      REGISTRAR,
      { name: `${NAME}, telefoon`, role: 'professional', subject: EMAIL, professionalId: id },
      { 'idempotency-key': 'token-zwaantje-1' },
    );
    expect(token.status).toBe(201);
    // An applicant holds no certificate and no objection: erasable at once.
    const erased = await client.post(`/v1/professionals/${id}/erasure`, REGISTRAR, {
      reason: 'Verzoek van betrokkene',
    });
    expect(erased.status).toBe(201);
    await api.close();
    api = undefined;

    expect(scan(dataDir, [NAME, EMAIL])).toEqual([]);
  }, 20_000);

  it('stores no API token secret in the clear, also not for Idempotency-Key', async () => {
    api = await startApi(dataDir, { now: '2016-05-13T09:00:00Z' });
    const token = await apiClient(api.baseUrl).post(
      '/v1/admin/tokens',
      REGISTRAR,
      { name: 'Assessor Zwolle, laptop', role: 'assessor', subject: 'u-77' },
      { 'idempotency-key': 'token-assessor-1' },
    );
    expect(token.status).toBe(201);
    const secret = token.body.secret as string;
    expect(secret).toMatch(/^vkr_/);
    await api.close();
    api = undefined;

    // ADR 0009: access.sqlite keeps only the SHA-256 of a secret; no other file may hold more.
    expect(scan(dataDir, [secret])).toEqual([]);
  }, 20_000);
});

/**
 * Runs a start-up with process.exit and process.abort made to throw: Nest ends the process on a
 * failed start unless told not to (abortOnError), which would kill the Jest worker instead of
 * failing the test with a message.
 */
async function withoutEndingTheProcess<T>(start: () => Promise<T>): Promise<T> {
  const exit = jest.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Error(`process.exit(${String(code)}) was called instead of rejecting`);
  });
  const abort = jest.spyOn(process, 'abort').mockImplementation(() => {
    throw new Error('process.abort() was called instead of rejecting');
  });
  try {
    return await start();
  } finally {
    exit.mockRestore();
    abort.mockRestore();
  }
}

describe('the master key at start-up', () => {
  const tmp = makeTempDir('erasure-master-key');
  afterAll(() => tmp.remove());

  it('refuses another VAKREGISTER_MASTER_KEY and leaves the key store as it was', async () => {
    const dataDir = join(tmp.path, 'data');
    const keyA = randomBytes(32).toString('base64');
    const keyB = randomBytes(32).toString('base64');
    const first = await startApi(dataDir, { env: { VAKREGISTER_MASTER_KEY: keyA } });
    const registered = await apiClient(first.baseUrl).post(
      '/v1/professionals',
      REGISTRAR,
      registration({ name: NAME, email: EMAIL }),
    );
    expect(registered.status).toBe(201);
    await first.close();
    const keyStore = join(dataDir, 'keys.sqlite');
    const before = readFileSync(keyStore);
    expect(existsSync(`${keyStore}-wal`)).toBe(false);

    const refused = await withoutEndingTheProcess(() =>
      startApi(dataDir, { env: { VAKREGISTER_MASTER_KEY: keyB } }),
    ).then(
      (running) => running.close().then(() => 'started'),
      (error: Error) => error.message,
    );
    // All at once, so that one run names every way the refused start went wrong.
    expect({
      refused,
      keyStoreUnchanged: readFileSync(keyStore).equals(before),
      keyStoreWalLeft: existsSync(`${keyStore}-wal`),
      lockLeft: existsSync(join(dataDir, 'vakregister.lock')),
    }).toEqual({
      refused: expect.stringContaining('VAKREGISTER_MASTER_KEY'),
      keyStoreUnchanged: true,
      keyStoreWalLeft: false,
      lockLeft: false,
    });

    // The refused start left nothing behind: the right key starts and reads the data.
    const again = await withoutEndingTheProcess(() =>
      startApi(dataDir, { env: { VAKREGISTER_MASTER_KEY: keyA } }),
    );
    try {
      const person = await apiClient(again.baseUrl).get(
        `/v1/professionals/${registered.body.professionalId as string}`,
        REGISTRAR,
      );
      expect(person.body).toMatchObject({ name: NAME, email: EMAIL });
    } finally {
      await again.close();
    }
  }, 30_000);

  it('loadConfig refuses production without VAKREGISTER_MASTER_KEY, naming the variable', () => {
    const env = { NODE_ENV: 'production', VAKREGISTER_DATA_DIR: join(tmp.path, 'prod') };
    let refused: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).problems.map((problem) => problem.variable)).toContain(
      'VAKREGISTER_MASTER_KEY',
    );
    expect((refused as Error).message).toContain('VAKREGISTER_MASTER_KEY');
    // With the key the same environment is accepted: the key was what was missing.
    const key = randomBytes(32).toString('base64');
    expect(loadConfig({ ...env, VAKREGISTER_MASTER_KEY: key }).privacy.masterKey).toBe(key);
  });
});
