import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@vakregister/config';
import { EVENT_STORE, type EventStore } from '@vakregister/event-store';
import { makeTempDir, testEvent } from '@vakregister/testing';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../apps/api/src/create-app';

describe('API over HTTP on loopback (embedded store)', () => {
  const dataDir = makeTempDir('api');
  let app: NestFastifyApplication;
  let baseUrl: string;

  beforeAll(async () => {
    const config = loadConfig({
      VAKREGISTER_DATA_DIR: join(dataDir.path, 'data'),
      PORT: '0',
      VAKREGISTER_LOG_LEVEL: 'silent',
    });
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    dataDir.remove();
  });

  it('creates the data directory and its event log on first start', () => {
    expect(existsSync(join(dataDir.path, 'data', 'events.sqlite'))).toBe(true);
  });

  it('GET /health answers with the store status and its last position', async () => {
    // A new ledger holds one event: the default scheme, published on first start.
    const fresh = await fetch(`${baseUrl}/health`);
    expect(fresh.status).toBe(200);
    expect(await fresh.json()).toMatchObject({
      status: 'ok',
      info: { eventStore: { status: 'up', adapter: 'sqlite', lastPosition: '0' } },
    });

    const store = app.get<EventStore>(EVENT_STORE);
    await store.appendToStream('health-check', [testEvent(), testEvent()], {
      expectedRevision: 'no_stream',
    });
    const body = (await (await fetch(`${baseUrl}/health`)).json()) as {
      info: { eventStore: { lastPosition: string | null } };
    };
    expect(body.info.eventStore.lastPosition).toBe('2');
  });

  it('answers unknown routes with application/problem+json', async () => {
    const response = await fetch(`${baseUrl}/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const body = (await response.json()) as { detail: unknown };
    expect(body).toMatchObject({ status: 404, title: 'Not Found', type: 'about:blank' });
    expect(typeof body.detail).toBe('string');
  });

  it('serves the OpenAPI document and Prometheus metrics', async () => {
    const docs = await fetch(`${baseUrl}/docs-json`);
    expect(docs.status).toBe(200);
    const document = (await docs.json()) as { paths: Record<string, unknown> };
    expect(document.paths).toHaveProperty('/health');

    const metrics = await fetch(`${baseUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^vakregister_event_store_last_position 2$/m);
  });
});
