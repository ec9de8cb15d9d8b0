import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '@vakregister/config';
import { createApp } from './create-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.http.port, config.http.host);
  new Logger('Vakregister').log(
    `Listening on ${await app.getUrl()} with the ${config.eventStore.adapter} event store` +
      (config.eventStore.adapter === 'sqlite' ? ` in ${config.dataDir}` : ''),
  );
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  console.error('Vakregister could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
