import 'reflect-metadata';
import { ConfigError, loadConfig } from '@vakregister/config';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module';

async function main(): Promise<void> {
  const config = loadConfig();
  await CommandFactory.run(CliModule.forRoot(config), {
    logger: ['error', 'warn'],
    errorHandler: (error) => {
      console.error(error.message);
      process.exit(2);
    },
    // A command that fails unexpectedly must not exit 0 (nest-commander's default only prints).
    serviceErrorHandler: (error) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
