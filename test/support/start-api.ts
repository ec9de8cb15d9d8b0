import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@vakregister/config';
import { createApp } from '../../apps/api/src/create-app';

export interface RunningApi {
  app: NestFastifyApplication;
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts the API on 127.0.0.1 (a free port) over a data directory, optionally at a simulated instant. */
export async function startApi(
  dataDir: string,
  options: { now?: string; env?: Record<string, string> } = {},
): Promise<RunningApi> {
  const config = loadConfig({
    VAKREGISTER_DATA_DIR: dataDir,
    VAKREGISTER_LOG_LEVEL: 'silent',
    // The tests run the scheduler themselves, when they mean to.
    VAKREGISTER_SCHEDULER_INTERVAL_MS: '0',
    // Most tests act through the development header; the access-control tests use real tokens.
    VAKREGISTER_DEV_AUTH: 'true',
    ...(options.now ? { VAKREGISTER_NOW: options.now } : {}),
    ...options.env,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  return { app, baseUrl: await app.getUrl(), close: () => app.close() };
}
